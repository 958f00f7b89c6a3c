"""DNS provider drivers, imported lazily through ``libcloud.dns.providers``."""

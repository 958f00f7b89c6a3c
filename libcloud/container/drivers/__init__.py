"""Container provider drivers, imported lazily through ``libcloud.container.providers``."""

"""Load balancer provider drivers, imported lazily through ``libcloud.loadbalancer.providers``."""

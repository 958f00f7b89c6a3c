"""The load balancer API: ``libcloud.loadbalancer.providers.get_driver(Provider.X)``."""

"""The container API: ``libcloud.container.providers.get_driver(Provider.X)``."""

"""The backup API: ``libcloud.backup.providers.get_driver(Provider.X)``."""

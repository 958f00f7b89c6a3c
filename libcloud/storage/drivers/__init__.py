"""Storage drivers, one module per provider (imported lazily through ``libcloud.storage.providers``)."""

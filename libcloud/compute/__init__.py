"""The compute API: nodes (virtual servers), sizes, images, locations, volumes and key pairs.

``libcloud.compute.providers.get_driver(Provider.X)`` returns a driver class;
the value objects and the ``NodeDriver`` base live in ``libcloud.compute.base``.
"""

__all__ = ["base", "deployment", "providers", "ssh", "types"]

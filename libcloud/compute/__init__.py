"""The compute API: nodes (virtual servers), sizes, images, locations, volumes and key pairs.

``libcloud.compute.providers.get_driver(Provider.X)`` returns a driver class;
the value objects and the ``NodeDriver`` base live in ``libcloud.compute.base``.
"""

__all__ = ["base", "deployment", "providers", "ssh", "types"]

from libcloud._core.lazy import submodule_getattr as _submodule_getattr  # noqa: E402

# ``libcloud.compute.providers`` and the other submodules resolve on first use, as after upstream's imports.
__getattr__ = _submodule_getattr(__name__)

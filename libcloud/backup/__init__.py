"""The backup API: ``libcloud.backup.providers.get_driver(Provider.X)``."""

from libcloud._core.lazy import submodule_getattr as _submodule_getattr  # noqa: E402

# ``libcloud.backup.providers`` and the other submodules resolve on first use, as after upstream's imports.
__getattr__ = _submodule_getattr(__name__)

"""The DNS API: zones and records across DNS providers."""

from libcloud._core.lazy import submodule_getattr as _submodule_getattr  # noqa: E402

# ``libcloud.dns.providers`` and the other submodules resolve on first use, as after upstream's imports.
__getattr__ = _submodule_getattr(__name__)

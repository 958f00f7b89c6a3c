"""Every public class and function defined in the libcloud package has a docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import libcloud

# Imports that need an optional extra may fail where the extra is absent.
OPTIONAL = ("aiohttp", "paramiko")


def _public_objects():
    for info in pkgutil.walk_packages(libcloud.__path__, "libcloud."):
        try:
            module = importlib.import_module(info.name)
        except ImportError as exc:
            if any(name in str(exc) for name in OPTIONAL):
                continue
            raise
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if getattr(obj, "__module__", None) == info.name:
                yield "%s.%s" % (info.name, name), obj


def test_every_public_class_and_function_has_a_docstring():
    seen = dict(_public_objects())
    assert len(seen) > 500
    missing = sorted(name for name, obj in seen.items() if not (obj.__doc__ or "").strip())
    assert not missing, "public names without a docstring:\n" + "\n".join(missing)

"""Every public class, function and method defined in the libcloud package has a docstring.

The walk covers every module of the package: the public API modules, every
driver module under ``libcloud/*/drivers/``, the command line and the helpers
they use.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import libcloud

# Imports that need an optional extra may fail where the extra is absent.
OPTIONAL = ("aiohttp", "paramiko", "fsspec")


def _walk(package):
    """Modules of ``package``, depth first."""
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        try:
            module = importlib.import_module(info.name)
        except ImportError as exc:
            if any(name in str(exc) for name in OPTIONAL):
                continue
            raise
        yield info.name, module
        if info.ispkg:
            yield from _walk(module)


def _modules():
    yield "libcloud", libcloud
    yield from _walk(libcloud)


def _members(cls):
    """Public functions, class/static methods and properties defined in ``cls``'s own body."""
    for name, attr in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attr, (staticmethod, classmethod)):
            attr = attr.__func__
        if isinstance(attr, property) or inspect.isfunction(attr):
            yield name


def _public_objects():
    for module_name, module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if getattr(obj, "__module__", None) != module_name:
                continue  # re-exported: checked where it is defined
            qualified = "%s.%s" % (module_name, name)
            yield qualified, obj.__doc__
            if inspect.isclass(obj):
                for member in _members(obj):
                    # An override without its own docstring inherits the documented one.
                    yield "%s.%s" % (qualified, member), inspect.getdoc(getattr(obj, member))


def _missing(objects):
    return sorted(name for name, doc in objects if not (doc or "").strip())


def test_every_public_class_function_and_method_has_a_docstring():
    seen = dict(_public_objects())
    assert len(seen) > 1000
    missing = _missing(seen.items())
    assert not missing, "public names without a docstring:\n" + "\n".join(missing)


def test_the_walk_reaches_every_driver_module_and_the_cli():
    names = {name for name, _ in _modules()}
    assert {
        "libcloud.compute.drivers.dummy",
        "libcloud.compute.drivers.ec2.driver",
        "libcloud.storage.drivers.local",
        "libcloud.storage.drivers.s3.driver",
        "libcloud.storage.drivers.azure_blobs.driver",
        "libcloud.dns.drivers.route53.driver",
        "libcloud.dns.drivers.powerdns",
        "libcloud.asyncio.storage.base",
        "libcloud.cli.progress",
        "libcloud.loadbalancer.drivers.elb",
        "libcloud.loadbalancer.drivers.alb",
        "libcloud.container.drivers.docker",
        "libcloud.container.drivers.ecs",
        "libcloud.container.drivers.kubernetes",
        "libcloud.container.drivers.lxd",
        "libcloud.container.drivers.rancher",
        "libcloud.container.utils.docker",
        "libcloud.backup.base",
        "libcloud.asyncio.container.base",
        "libcloud.cli.container",
        "libcloud.cli.loadbalancer",
    } <= names


class _Documented:
    """A class (module level, so ``inspect.getdoc`` can find overridden methods' parents)."""

    def method(self):
        """A method."""

    @property
    def prop(self):
        """A property."""


class _Undocumented(_Documented):
    """A subclass."""

    def method(self):  # inherits the parent's docstring: fine
        pass

    def other(self):
        pass


def test_an_undocumented_method_is_reported():
    objects = [("m.%s" % m, inspect.getdoc(getattr(_Undocumented, m))) for m in _members(_Undocumented)]
    assert _missing(objects) == ["m.other"]

"""The generated support tables (docs/_ext/libcloud_support): complete, true to the code, and self-updating."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from typing import Iterator, List

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
sys.path.insert(0, os.path.join(DOCS, "_ext"))

from libcloud_support import render  # noqa: E402
from libcloud_support.methods import NO, PARTIAL, YES, support  # noqa: E402
from libcloud_support.pages import DriverPages  # noqa: E402
from libcloud_support.registry import IMPLEMENTED, NOT_YET, discover_apis  # noqa: E402
from libcloud_support.servers import REAL_SERVERS  # noqa: E402


def test_every_api_of_the_package_is_found() -> None:
    names = [api.name for api in discover_apis()]
    assert names[:3] == ["compute", "storage", "dns"]
    for name in ("loadbalancer", "container", "backup"):
        # Once such a package exists it must be picked up (it has a providers registry).
        assert (name in names) == os.path.exists(os.path.join(ROOT, "libcloud", name, "providers.py"))


def test_every_implemented_driver_has_a_docs_page() -> None:
    pages = DriverPages(DOCS)
    missing = ["%s: Provider.%s (%s)" % (api.name, row.constant, row.path)
               for api in discover_apis() for row in api.implemented
               if pages.page_for(row.module, row.class_name) is None]
    assert not missing, ("these drivers have no page under docs/drivers/ (add one with "
                         "'.. autoclass:: <module>.<Class>' or '.. libcloud-driver:: <module>'):\n"
                         + "\n".join(missing))


def test_status_is_what_get_driver_does() -> None:
    import importlib

    from libcloud.common.providers import ProviderNotImplementedError

    for api in discover_apis():
        providers = importlib.import_module(api.package + ".providers")
        for row in api.providers:
            if row.status == IMPLEMENTED:
                assert providers.get_driver(row.value) is row.driver
            else:
                assert row.status == NOT_YET
                with pytest.raises(ProviderNotImplementedError):
                    providers.get_driver(row.value)


def test_real_server_table_matches_the_test_suite() -> None:
    implemented = {row.path for api in discover_apis() for row in api.implemented}
    for path, server in REAL_SERVERS.items():
        assert path in implemented, "%s is not a registered, implemented driver" % path
        test_file = os.path.join(ROOT, server.test_path)
        assert os.path.isfile(test_file), server.test_path
        with open(test_file, encoding="utf-8") as handle:
            assert server.fixture in handle.read(), "%s does not use the %s fixture" % (server.test_path, server.fixture)


def test_method_support_follows_the_class() -> None:
    from libcloud.compute.base import NodeDriver

    class Partial(NodeDriver):
        name = "Partial"

        def list_nodes(self):  # type: ignore[no-untyped-def]
            return []

        def create_node(self, name, size, image, location=None, auth=None):  # type: ignore[no-untyped-def]
            if auth is not None:
                raise NotImplementedError("no auth here")
            return None

        def reboot_node(self, node):  # type: ignore[no-untyped-def]
            """Refused outright."""
            raise NotImplementedError("reboot_node")

    result = support(Partial, NodeDriver)
    assert result["list_nodes"] == YES
    assert result["create_node"] == PARTIAL  # refuses some arguments
    assert result["reboot_node"] == NO  # overridden, but only to refuse
    assert result["destroy_node"] == NO  # the base's stub
    assert result["wait_until_running"] == YES  # generic, over list_nodes
    assert result["import_key_pair_from_file"] == NO  # generic, over a stub


def test_template_methods_follow_their_hooks() -> None:
    from libcloud.dns.base import DNSDriver

    class Hooks(DNSDriver):
        def _update_zone(self, change):  # type: ignore[no-untyped-def]
            if change.renames:
                raise NotImplementedError("no renames")
            return change.zone
            yield  # a flow

    result = support(Hooks, DNSDriver)
    assert result["update_zone"] == PARTIAL  # its hook refuses some changes
    assert result["update_record"] == NO  # the base's template, over the base's stub hook
    assert support(type("Plain", (DNSDriver,), {}), DNSDriver)["update_zone"] == NO


def test_dns_listing_fallbacks() -> None:
    from libcloud.dns.base import DNSDriver

    class OnlyIterate(DNSDriver):
        def iterate_zones(self):  # type: ignore[no-untyped-def]
            return iter(())

    result = support(OnlyIterate, DNSDriver)
    assert result["iterate_zones"] == result["list_zones"] == result["get_zone"] == YES
    assert result["list_records"] == result["iterate_records"] == NO  # each leans on the other
    assert result["get_record"] == PARTIAL  # get_zone works, the record listing does not


FAKE_DRIVER = '''
from libcloud.compute.base import NodeDriver


class FakeDocsNodeDriver(NodeDriver):
    """A driver that exists only in this test."""

    name = "Fake Docs Cloud"

    def list_nodes(self):
        return []

    def reboot_node(self, node):
        if node is None:
            raise NotImplementedError("only real nodes")
        return True
'''


@pytest.fixture
def fake_driver(tmp_path) -> Iterator[str]:
    """A third-party driver registered with ``set_driver`` (removed again afterwards)."""
    from libcloud.compute.providers import DRIVERS, set_driver

    (tmp_path / "fake_docs_cloud.py").write_text(FAKE_DRIVER)
    sys.path.insert(0, str(tmp_path))
    set_driver("fake_docs_cloud", "fake_docs_cloud", "FakeDocsNodeDriver")
    try:
        yield "fake_docs_cloud"
    finally:
        DRIVERS.pop("fake_docs_cloud", None)
        sys.path.remove(str(tmp_path))
        sys.modules.pop("fake_docs_cloud", None)


def _build(srcdir, pages: dict) -> str:
    """Build a small Sphinx project that uses the extension; return the HTML of its index."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(textwrap.dedent('''
        import sys
        sys.path.insert(0, %r)
        extensions = ["libcloud_support"]
        exclude_patterns = ["_build"]
    ''' % os.path.join(DOCS, "_ext")))
    for name, text in pages.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    out, warnings = srcdir / "_build", io.StringIO()
    # As sphinx-build does: docutils' global registrations are restored afterwards, so a later
    # build in this process (the whole site, tests/docs_site.py) starts clean.
    with patch_docutils(str(srcdir)), docutils_namespace():
        app = Sphinx(str(srcdir), str(srcdir), str(out / "html"), str(out / "doctrees"), "html",
                     status=None, warning=warnings, freshenv=True)
        app.build()
    assert "ERROR" not in warnings.getvalue(), warnings.getvalue()
    with open(out / "html" / "index.html", encoding="utf-8") as handle:
        return handle.read()


def _row(html: str, marker: str) -> List[str]:
    """The cells' text of the first table row containing ``marker``."""
    import re

    for row in re.findall(r"<tr.*?</tr>", html, re.S):
        if marker in row:
            return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh].*?</t[dh]>", row, re.S)]
    raise AssertionError("no row with %r" % marker)


def test_a_new_driver_appears_in_the_generated_tables(fake_driver, tmp_path) -> None:
    html = _build(tmp_path / "site", {
        "index.rst": """
            Test
            ====

            .. toctree::

               drivers/compute/fake

            .. libcloud-providers:: compute

            .. libcloud-methods:: compute
        """,
        "drivers/compute/fake.rst": """
            Fake Docs Cloud
            ===============

            .. libcloud-driver:: fake_docs_cloud.FakeDocsNodeDriver
        """,
    })
    provider = _row(html, "FAKE_DOCS_CLOUD")
    assert provider[:2] == ["Fake Docs Cloud", "FAKE_DOCS_CLOUD"]
    assert provider[2].split() == ["FakeDocsNodeDriver", "fake_docs_cloud"]  # class, then its module
    assert provider[3:5] == ["Fake Docs Cloud", "implemented"]  # the page (its title), the status
    header = _row(html, "Method")
    column = header.index("Fake Docs Cloud")
    assert _row(html, "list_nodes()")[column] == YES
    assert _row(html, "reboot_node()")[column] == PARTIAL
    assert _row(html, "create_node()")[column] == NO
    assert _row(html, "wait_until_running()")[column] == YES


def test_the_fake_driver_is_gone_afterwards() -> None:
    assert all(row.value != "fake_docs_cloud" for row in discover_apis()[0].providers)


LB_BASE = '''
from libcloud.common.base import BaseDriver


class Driver(BaseDriver):
    """A load balancer API's base."""

    def list_balancers(self):
        """All balancers."""
        raise NotImplementedError("list_balancers not implemented for this driver")

    def create_balancer(self, name):
        """Create one."""
        raise NotImplementedError("create_balancer not implemented for this driver")
'''

LB_PROVIDERS = '''
from libcloud.common.providers import ProviderNotImplementedError
from libcloud.common.providers import get_driver as _get

DRIVERS = {
    "tiny": ("fakeroot_docs.loadbalancer.tiny", "TinyLBDriver"),
    "unwritten": ("fakeroot_docs.loadbalancer.unwritten", "UnwrittenLBDriver"),
}


def get_driver(provider):
    try:
        return _get(DRIVERS, provider)
    except ModuleNotFoundError:  # the shared registry says so only for libcloud's own modules
        raise ProviderNotImplementedError(provider, *DRIVERS[provider]) from None
'''

LB_TYPES = '''
class Provider:
    TINY = "tiny"
    UNWRITTEN = "unwritten"
'''

LB_TINY = '''
from fakeroot_docs.loadbalancer.base import Driver


class TinyLBDriver(Driver):
    name = "Tiny LB"

    def list_balancers(self):
        return []
'''


def test_a_new_api_gets_its_tables(tmp_path) -> None:
    package = tmp_path / "fakeroot_docs" / "loadbalancer"
    package.mkdir(parents=True)
    (tmp_path / "fakeroot_docs" / "__init__.py").write_text("")
    for name, text in {"__init__": "", "base": LB_BASE, "providers": LB_PROVIDERS, "types": LB_TYPES,
                       "tiny": LB_TINY}.items():
        (package / ("%s.py" % name)).write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        import fakeroot_docs

        [api] = discover_apis(fakeroot_docs)
        assert (api.name, api.title, api.base.__name__) == ("loadbalancer", "Load balancer", "Driver")
        assert [(row.constant, row.status) for row in api.providers] == [("TINY", IMPLEMENTED), ("UNWRITTEN", NOT_YET)]
        text = "\n".join(render.support_page([api], DriverPages(str(tmp_path))))
        assert "Load balancer: supported methods" in text and "Load balancer: supported providers" in text
        assert ":lc-support:`yes`" in text and ":lc-support:`no`" in text and "``UNWRITTEN``" in text
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("fakeroot_docs")]:
            del sys.modules[name]


def test_landing_page_figures_come_from_the_performance_page() -> None:
    """Every number in the landing page's "Why" section is one the performance page reports."""
    import re

    with open(os.path.join(DOCS, "index.rst"), encoding="utf-8") as handle:
        index = handle.read()
    with open(os.path.join(DOCS, "performance.rst"), encoding="utf-8") as handle:
        performance = handle.read().replace(",", "")
    why = index.split("Why libcloud-ng\n---------------", 1)[1].split("\n.. toctree::", 1)[0]
    figures = re.findall(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(x?)", why)
    assert len(figures) >= 10
    missing = []
    for number, times in figures:
        plain = number.replace(",", "")
        if plain in ("1", "2", "3", "64") and not times:
            continue  # sizes and counts of the set-up (1 GiB, 2-vCPU, 64 in flight, 3.9.1)
        if not re.search(r"(?<![\d.])%s%s(?![\d])" % (re.escape(plain), times), performance):
            missing.append(number + times)
    assert not missing, "figures not on the performance page: %s" % missing

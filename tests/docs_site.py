"""The documentation built once per test session (``sphinx -W``), shared by the docs tests."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The folder of the HTML site, built from docs/ with every warning an error."""
    sphinx_build = pytest.importorskip("sphinx.cmd.build")
    out = str(tmp_path_factory.mktemp("site"))
    doctrees = str(tmp_path_factory.mktemp("doctrees"))
    status = sphinx_build.build_main(["-W", "--keep-going", "-q", "-b", "html", "-d", doctrees,
                                      os.path.join(ROOT, "docs"), out])
    assert status == 0, "sphinx-build -W failed"
    return out

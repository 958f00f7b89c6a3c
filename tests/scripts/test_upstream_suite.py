"""The upstream-suite runner: expected-failures parsing, test ids, the verdict, the doctest runner.

The runner itself fetches upstream's release; these tests exercise its logic
on small inputs they make, so they need no network.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.fakes.fixtures import REPO, load_module

ROOT = REPO


runner = load_module("upstream_suite", REPO / "scripts" / "upstream_suite.py", register=True)


def test_expected_failures_need_a_reason(tmp_path: Path) -> None:
    listed = tmp_path / "expected.txt"
    listed.write_text("# comment\n\ncompute/test_x.py::T::test_a   keeps atomic downloads\n")
    assert runner.read_expected_failures(listed) == {"compute/test_x.py::T::test_a": "keeps atomic downloads"}
    listed.write_text("compute/test_x.py::T::test_b\n")
    with pytest.raises(SystemExit, match="has no reason"):
        runner.read_expected_failures(listed)


def test_project_list_is_well_formed() -> None:
    """Every entry of the project's list has a reason and belongs to a module CI runs."""
    modules = {line.strip() for line in (ROOT / "tests/upstream/modules.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    listed = runner.read_expected_failures(ROOT / "tests/upstream/expected-failures.txt")
    for test_id in listed:
        assert test_id.split("::", 1)[0] in modules, test_id


@pytest.mark.parametrize("classname,name,expected", [
    ("libcloud.test.compute.test_ec2.EC2Tests", "test_list_nodes", "EC2Tests::test_list_nodes"),
    ("libcloud.test.test_utils", "test_function", "test_function"),
    ("libcloud.test.test_http.TestHttpLibSSLTests", "test_x[a-b]", "TestHttpLibSSLTests::test_x[a-b]"),
])
def test_junit_ids_match_collected_ids(classname: str, name: str, expected: str) -> None:
    case = ET.Element("testcase", classname=classname, name=name)
    assert runner._test_id(case) == expected


def test_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listed = tmp_path / "expected.txt"
    listed.write_text("m.py::T::test_listed  a reason\nm.py::T::test_fixed  a reason\n")
    result = runner.ModuleResult("m.py", expected=4, passed={"T::test_ok", "T::test_fixed"},
                                 failed={"T::test_listed"})
    ids = ["T::test_ok", "T::test_fixed", "T::test_listed", "T::test_lost"]
    failing = {"m.py": result.failing_ids(ids)}
    # test_lost did not run at all (e.g. the module lost it): it counts as failing, and is not listed.
    assert failing["m.py"] == ["T::test_listed", "T::test_lost"]
    assert runner.check_expected(listed, ["m.py"], {"m.py": result}, failing) == 1
    out = capsys.readouterr().out
    assert "unexpected failure m.py::T::test_lost" in out
    assert "passes now (remove it): m.py::T::test_fixed" in out

    listed.write_text("m.py::T::test_listed  a reason\nm.py::T::test_lost  a reason\n")
    assert runner.check_expected(listed, ["m.py"], {"m.py": result}, failing) == 0


def test_a_module_that_does_not_import_fails_the_verdict(tmp_path: Path) -> None:
    listed = tmp_path / "expected.txt"
    listed.write_text("")
    result = runner.ModuleResult("m.py", expected=2, import_error="ImportError: no name X")
    assert result.total == 2
    failing = {"m.py": result.failing_ids(["T::a", "T::b"])}
    assert runner.check_expected(listed, ["m.py"], {"m.py": result}, failing) == 1


def test_doctests_of_an_upstream_file_run_in_our_module(tmp_path: Path) -> None:
    package = tmp_path / "ourpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("def double(x):\n    return 2 * x\n")
    upstream = tmp_path / "upstream_mod.py"
    upstream.write_text(textwrap.dedent('''
        """Module doc.

        >>> double(2)
        4
        """

        class Thing:
            def works(self):
                """
                >>> double(3)
                6
                """

            def breaks(self):
                """
                >>> double(3)
                7
                """

        def no_examples():
            """Nothing to run."""
    '''))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "upstream_doctests.py"), str(upstream), "ourpkg.mod"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)}, check=True,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["passed"] == ["ourpkg.mod", "ourpkg.mod.Thing.works"]
    assert report["failed"] == ["ourpkg.mod.Thing.breaks"]
    assert report["error"] is None


def test_a_failure_that_passes_alone_is_flaky_and_a_real_one_is_not(tmp_path: Path) -> None:
    """The CI verdict reruns unexpected failures once: only those that pass then are let through."""
    tests = tmp_path / "libcloud" / "test"
    tests.mkdir(parents=True)
    (tests / "test_flip.py").write_text(textwrap.dedent("""
        from pathlib import Path
        MARK = Path(__file__).with_suffix(".ran")

        def test_fails_once():
            first = not MARK.exists()
            MARK.touch()
            assert not first

        def test_always_fails():
            assert False
    """))
    first = runner.run_module(tmp_path, "test_flip.py", 2)
    assert first.failed == {"test_fails_once", "test_always_fails"}
    flaky = runner.rerun_passing(tmp_path, ["test_flip.py::test_fails_once", "test_flip.py::test_always_fails"])
    assert flaky == {"test_flip.py::test_fails_once"}


def test_own_failures_file_is_read_and_every_entry_is_a_collected_upstream_test(tmp_path: Path) -> None:
    listed = tmp_path / "own.txt"
    listed.write_text("# header\ncompute/test_x.py::TestCaseMixin::test_a\n\n")
    assert runner.read_own_failures(listed) == {"compute/test_x.py::TestCaseMixin::test_a"}
    assert runner.read_own_failures(tmp_path / "missing.txt") == set()
    own = runner.read_own_failures(runner.OWN_FAILURES)
    assert own, "tests/upstream/upstream-own-failures.txt is missing or empty"
    modules = {line.strip() for line in (ROOT / "tests/upstream/modules.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    expected = runner.read_expected_failures(ROOT / "tests/upstream/expected-failures.txt")
    # Upstream's mixin, collected without a driver, fails for us too: listed with its reason for CI.
    missing = sorted(t for t in own if t.split("::", 1)[0] in modules and "::TestCaseMixin::" in t
                     and t not in expected)
    assert not missing, missing

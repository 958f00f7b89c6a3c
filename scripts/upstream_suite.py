"""Run Apache Libcloud 3.9.1's own test modules, unmodified, against our ``libcloud/``.

    python3 scripts/upstream_suite.py [--our-test-package] [--json FILE] [--jobs N]
                                      [--expected-failures FILE] [MODULE ...]

MODULE is a path under upstream's ``libcloud/test`` (``compute/test_ec2.py``), a
group folder (``compute/``) or ``doctest:compute/drivers/dummy.py`` (upstream's
doctests of that library module, run against our module of the same name).
Without modules the default groups run: the top-level core modules,
``common/``, ``compute/``, ``storage/``, ``dns/``, ``loadbalancer/``,
``container/`` and ``backup/``.

How it works: the 3.9.1 wheel is fetched once into ``.cache/upstream`` (pip,
no dependencies).  Each run lays a temporary tree holding a copy of our
``libcloud/`` package with upstream's ``libcloud/test`` in place of ours (or,
with ``--our-test-package``, upstream's test modules beside *our*
``libcloud.test`` package), plus ``libcloud/data/pricing.json`` as an installed
package has it.  Each module runs in its own pytest process, ``--jobs`` at a
time, each with a time limit.  The number of tests a module *should* have comes
from collecting it against upstream's own library (cached), so a module that
does not import counts all of its tests as failures.

With ``--expected-failures FILE`` the exit status is 1 when a test fails that the
file does not list (or a module does not import); listed tests that now pass are
reported so the list only shrinks.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

UPSTREAM_VERSION = "3.9.1"
REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "upstream"
DEFAULT_GROUPS = ("", "common/", "compute/", "storage/", "dns/", "loadbalancer/", "container/", "backup/")
MODULE_TIMEOUT = 900  # seconds one module's pytest process may take
DOCTEST_PREFIX = "doctest:"
#: Tests of upstream 3.9.1 that fail against upstream's own package (``--record-own-failures`` writes it).
OWN_FAILURES = REPO / "tests" / "upstream" / "upstream-own-failures.txt"


# -- the upstream release -------------------------------------------------------------
def upstream_tree() -> Path:
    """The unpacked 3.9.1 wheel (fetched once): ``<cache>/<version>/libcloud``."""
    root = CACHE / UPSTREAM_VERSION
    marker = root / ".complete"
    if marker.exists():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = list(CACHE.glob("apache_libcloud-%s-*.whl" % UPSTREAM_VERSION))
    if not wheels:
        print("==> pip download apache-libcloud==%s (its tests run against our package; its library code only"
              " with --record-own-failures)"
              % UPSTREAM_VERSION, file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "-d", str(CACHE), "apache-libcloud==%s" % UPSTREAM_VERSION],
            check=True,
        )
        wheels = list(CACHE.glob("apache_libcloud-%s-*.whl" % UPSTREAM_VERSION))
    if root.exists():
        shutil.rmtree(root)
    with zipfile.ZipFile(wheels[0]) as wheel:
        wheel.extractall(root)
    marker.touch()
    return root


def upstream_test_dir() -> Path:
    return upstream_tree() / "libcloud" / "test"


# -- naming modules ---------------------------------------------------------------------
def expand_modules(names: Sequence[str]) -> List[str]:
    """Module names (relative to upstream's ``libcloud/test``) for the given names or groups."""
    test_dir = upstream_test_dir()
    result: List[str] = []
    for name in names or DEFAULT_GROUPS:
        if name.startswith(DOCTEST_PREFIX):
            result.append(name)
        elif name == "" or name.endswith("/"):
            folder = test_dir / name
            result.extend(sorted(str(p.relative_to(test_dir)) for p in folder.glob("test_*.py")))
        else:
            if not (test_dir / name).is_file():
                raise SystemExit("upstream-suite: no upstream test module %s" % name)
            result.append(name)
    return list(dict.fromkeys(result))


# -- the tree the tests run in ------------------------------------------------------------
def lay_tree(dest: Path, our_test_package: bool) -> Path:
    """Our package with upstream's test tree inside it; returns the folder to put on sys.path."""
    package = dest / "libcloud"
    shutil.copytree(REPO / "libcloud", package, ignore=shutil.ignore_patterns("__pycache__", "test"))
    shutil.copytree(upstream_test_dir(), package / "test", ignore=shutil.ignore_patterns("__pycache__"))
    secrets = package / "test" / "secrets.py"
    shutil.copyfile(package / "test" / "secrets.py-dist", secrets)
    if our_test_package:
        # What a third-party driver's suite meets: the libcloud.test that is installed is ours.
        for path in (REPO / "libcloud" / "test").glob("*.py"):
            shutil.copyfile(path, package / "test" / path.name)
    os.utime(secrets)  # upstream's conftest refuses a secrets.py older than secrets.py-dist
    data = package / "data"
    data.mkdir(exist_ok=True)
    for path in (REPO / "data").glob("*.json"):
        shutil.copyfile(path, data / path.name)
    (data / "__init__.py").touch()
    return dest


def lay_upstream_tree(dest: Path) -> Path:
    """Upstream's own package with its tests (``--record-own-failures``): what upstream itself fails."""
    shutil.copytree(upstream_tree() / "libcloud", dest / "libcloud", ignore=shutil.ignore_patterns("__pycache__"))
    secrets = dest / "libcloud" / "test" / "secrets.py"
    shutil.copyfile(dest / "libcloud" / "test" / "secrets.py-dist", secrets)
    os.utime(secrets)
    return dest


def read_own_failures(path: Path) -> Set[str]:
    """``module::Class::test`` ids that fail against upstream 3.9.1's own package (empty without the file)."""
    if not path.is_file():
        return set()
    return {line.split()[0] for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


# -- expected test counts ----------------------------------------------------------------
def expected_ids(modules: Sequence[str]) -> Dict[str, List[str]]:
    """Test ids per module, collected against upstream's own library (cached per module)."""
    cache_file = CACHE / ("collected-%s.json" % UPSTREAM_VERSION)
    cache: Dict[str, List[str]] = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    missing = [m for m in modules if m not in cache and not m.startswith(DOCTEST_PREFIX)]
    if missing:
        root = upstream_tree()
        secrets = root / "libcloud" / "test" / "secrets.py"
        if not secrets.exists():
            shutil.copyfile(root / "libcloud" / "test" / "secrets.py-dist", secrets)
            os.utime(secrets)
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
             "--rootdir", str(root), *["libcloud/test/" + m for m in missing]],
            cwd=root, env=_env(root), capture_output=True, text=True, timeout=MODULE_TIMEOUT,
        )
        for m in missing:
            cache[m] = []
        for line in proc.stdout.splitlines():
            if "::" in line and line.startswith("libcloud/test/"):
                module, _, rest = line[len("libcloud/test/"):].partition("::")
                if module in cache:
                    cache[module].append(rest)
        cache_file.write_text(json.dumps(cache, indent=0, sort_keys=True))
    return {m: cache.get(m, []) for m in modules}


# -- running one module ------------------------------------------------------------------
@dataclass
class ModuleResult:
    module: str
    expected: int
    passed: Set[str] = field(default_factory=set)
    failed: Set[str] = field(default_factory=set)
    skipped: Set[str] = field(default_factory=set)
    import_error: Optional[str] = None
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Tests that count: as many as upstream has, less those skipped here."""
        ran = len(self.passed) + len(self.failed)
        return max(ran, self.expected - len(self.skipped))

    def failing_ids(self, expected_ids: Sequence[str]) -> List[str]:
        """Failing test ids; for a module that did not import (or lost tests), every missing id."""
        failing = set(self.failed)
        seen = self.passed | self.failed | self.skipped
        failing.update(t for t in expected_ids if t not in seen)
        return sorted(failing)


def _env(root: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("LIBCLOUD_DEBUG", None)
    env.setdefault("NO_INTERNET", "1")
    return env


def _test_id(case: ET.Element) -> str:
    """``Class::test`` (or ``test``) from a junit testcase of a module under libcloud/test."""
    classname = case.get("classname", "")
    name = case.get("name", "")
    parts = classname.split(".")
    # classname is libcloud.test.group.test_module.Class (or without the class)
    try:
        start = max(i for i, p in enumerate(parts) if p.startswith("test_"))
    except ValueError:
        return name
    klass = parts[start + 1:]
    return "::".join(klass + [name])


def run_module(root: Path, module: str, expected: int, targets: Optional[Sequence[str]] = None) -> ModuleResult:
    """Run one module (or only ``targets``, pytest node ids in it) in its own pytest process."""
    started = time.monotonic()
    if module.startswith(DOCTEST_PREFIX):
        result = run_doctest_module(root, module)
        result.seconds = time.monotonic() - started
        return result
    result = ModuleResult(module, expected)
    with tempfile.TemporaryDirectory(prefix="junit-") as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "-o", "junit_family=xunit1", "--rootdir", str(root), "--junitxml", str(junit),
               *(targets or ["libcloud/test/" + module])]
        try:
            proc = subprocess.run(cmd, cwd=root, env=_env(root), capture_output=True, text=True,
                                  timeout=MODULE_TIMEOUT)
            output = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            result.import_error = "timed out after %d s" % MODULE_TIMEOUT
            return result
        if junit.exists():
            for case in ET.parse(junit).getroot().iter("testcase"):
                test_id = _test_id(case)
                if case.find("skipped") is not None:
                    result.skipped.add(test_id)
                elif case.find("failure") is not None or case.find("error") is not None:
                    result.failed.add(test_id)
                else:
                    result.passed.add(test_id)
        if not (result.passed or result.failed or result.skipped) or "ERROR collecting" in output:
            result.import_error = _first_error(output)
    result.seconds = time.monotonic() - started
    return result


def _first_error(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("E   ") and ("Error" in line or "error" in line):
            return line[4:].strip()
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def run_doctest_module(root: Path, module: str) -> ModuleResult:
    """Upstream's doctests of one library module, run in our module's namespace."""
    relative = module[len(DOCTEST_PREFIX):]
    upstream_file = upstream_tree() / "libcloud" / relative
    result = ModuleResult(module, 0)
    if not upstream_file.is_file():
        result.import_error = "upstream has no %s" % relative
        return result
    cmd = [sys.executable, str(REPO / "scripts" / "upstream_doctests.py"), str(upstream_file),
           "libcloud." + relative[:-3].replace("/", ".")]
    proc = subprocess.run(cmd, cwd=root, env=_env(root), capture_output=True, text=True, timeout=MODULE_TIMEOUT)
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        result.import_error = _first_error(proc.stdout + proc.stderr)
        return result
    result.passed = set(report["passed"])
    result.failed = set(report["failed"])
    result.expected = len(result.passed) + len(result.failed)
    if report.get("error"):
        result.import_error = report["error"]
    return result


# -- expected failures --------------------------------------------------------------------
def read_expected_failures(path: Path) -> Dict[str, str]:
    """``module::Class::test -> reason`` (a line without a reason is refused)."""
    entries: Dict[str, str] = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        test_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise SystemExit("%s:%d: %s has no reason" % (path, number, test_id))
        entries[test_id] = reason.strip()
    return entries


# -- the run ------------------------------------------------------------------------------
def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--our-test-package", action="store_true",
                        help="use our libcloud.test (MockHttp...) instead of upstream's")
    parser.add_argument("--json", metavar="FILE", help="write per-module figures and failing test ids")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--expected-failures", metavar="FILE",
                        help="fail on failures this file does not list; report listed tests that pass")
    parser.add_argument("--keep", action="store_true", help="keep the temporary tree (its path is printed)")
    parser.add_argument("--own-failures", metavar="FILE", default=str(OWN_FAILURES),
                        help="tests that fail against upstream's own package: reported apart in the figures")
    parser.add_argument("--record-own-failures", metavar="FILE",
                        help="run the modules against upstream's own package and write the tests it fails")
    args = parser.parse_args(argv)

    modules = expand_modules(args.modules)
    ids = expected_ids(modules)
    listed = read_expected_failures(Path(args.expected_failures)) if args.expected_failures else {}
    root = Path(tempfile.mkdtemp(prefix="upstream-suite-"))
    flaky: Set[str] = set()
    try:
        if args.record_own_failures:
            lay_upstream_tree(root)
        else:
            lay_tree(root, args.our_test_package)
        results: Dict[str, ModuleResult] = {}
        # Big modules first, so the slowest is not the last to start.
        order = sorted(modules, key=lambda m: -len(ids.get(m, [])))
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_module, root, m, len(ids.get(m, []))): m for m in order}
            for future in concurrent.futures.as_completed(futures):
                results[futures[future]] = future.result()
        if args.expected_failures:
            unexpected = [t for m in modules for t in _module_ids(m, results[m].failed) if t not in listed]
            flaky = rerun_passing(root, unexpected)
            for test_id in flaky:  # counted as it ended: passed, but reported below
                module, _, rest = test_id.partition("::")
                results[module].failed.discard(rest)
                results[module].passed.add(rest)
    finally:
        if args.keep:
            print("upstream-suite: tree kept at %s" % root, file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)

    passed = total = own_total = own_passed = 0
    own = read_own_failures(Path(args.own_failures)) if not args.record_own_failures else set()
    failing: Dict[str, List[str]] = {}
    for module in modules:
        r = results[module]
        failing[module] = r.failing_ids(ids.get(module, []))
        passed += len(r.passed)
        total += r.total
        line = "%-48s %5d/%-5d" % (module, len(r.passed), r.total)
        own_here = {t for t in own if t.startswith(module + "::")}
        if own_here:
            # Upstream fails these itself (a mixin collected without a driver...): the fair figure leaves them out.
            kept = r.total - len(own_here)
            line += " (%d/%d of what upstream itself passes)" % (len(r.passed) - len(
                {t for t in own_here if t.split("::", 1)[1] in r.passed}), kept)
        own_total += r.total - len(own_here)
        own_passed += len(r.passed) - len({t for t in own_here if t.split("::", 1)[1] in r.passed})
        if r.skipped:
            line += " (%d skipped)" % len(r.skipped)
        if r.import_error:
            line += "  import error: %s" % r.import_error[:160]
        print(line)
    percent = 100.0 * passed / total if total else 0.0
    summary = "upstream-suite: %d/%d passed (%.1f%%)" % (passed, total, percent)
    if own:
        summary += "; %d/%d (%.1f%%) of the tests upstream 3.9.1 itself passes" % (
            own_passed, own_total, 100.0 * own_passed / own_total if own_total else 0.0)
    print(summary)

    if args.record_own_failures:
        lines = ["# Tests of apache-libcloud %s that fail against its own package (written by" % UPSTREAM_VERSION,
                 "# scripts/upstream_suite.py --record-own-failures). The figures leave them out."]
        lines += sorted("%s::%s" % (m, t) for m in modules for t in failing[m])
        Path(args.record_own_failures).write_text("\n".join(lines) + "\n")
        return 0

    if args.json:
        Path(args.json).write_text(json.dumps({
            "passed": passed, "total": total,
            "modules": {m: {"passed": len(results[m].passed), "total": results[m].total,
                            "skipped": len(results[m].skipped), "import_error": results[m].import_error,
                            "failing": failing[m]} for m in modules},
        }, indent=1))

    for test_id in sorted(flaky):
        print("upstream-suite: flaky (failed, then passed when rerun alone) %s" % test_id)
    if args.expected_failures:
        return check_expected(Path(args.expected_failures), modules, results, failing)
    return 0


def _module_ids(module: str, tests: Set[str]) -> List[str]:
    return sorted("%s::%s" % (module, t) for t in tests)


def rerun_passing(root: Path, test_ids: Sequence[str]) -> Set[str]:
    """Of ``test_ids`` (``module::Class::test``), those that pass when rerun alone, one process per module.

    A test that failed while other modules ran beside it and passes alone is
    reported as flaky instead of failing the run: the report still names it, so
    it gets fixed, but a loaded machine does not turn CI red.  Doctests and
    modules with more than 20 failures (a real breakage) are not rerun.
    """
    by_module: Dict[str, List[str]] = {}
    for test_id in test_ids:
        module, _, rest = test_id.partition("::")
        if not module.startswith(DOCTEST_PREFIX):
            by_module.setdefault(module, []).append(rest)
    passing: Set[str] = set()
    for module, tests in by_module.items():
        if len(tests) > 20:
            continue
        result = run_module(root, module, len(tests), ["libcloud/test/%s::%s" % (module, t) for t in tests])
        passing.update("%s::%s" % (module, t) for t in result.passed if t in tests)
    return passing


def check_expected(path: Path, modules: Sequence[str], results: Dict[str, ModuleResult],
                   failing: Dict[str, List[str]]) -> int:
    listed = read_expected_failures(path)
    status = 0
    unexpected: List[str] = []
    for module in modules:
        if results[module].import_error and not results[module].passed:
            print("upstream-suite: %s does not import: %s" % (module, results[module].import_error))
            status = 1
        unexpected.extend("%s::%s" % (module, t) for t in failing[module] if "%s::%s" % (module, t) not in listed)
    now_passing = [t for t in listed if t.split("::", 1)[0] in results
                   and t.split("::", 1)[1] in results[t.split("::", 1)[0]].passed]
    for test_id in unexpected:
        print("upstream-suite: unexpected failure %s" % test_id)
    for test_id in now_passing:
        print("upstream-suite: listed in %s but passes now (remove it): %s" % (path.name, test_id))
    if unexpected:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

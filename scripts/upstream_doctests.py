"""Run the doctests written in an upstream library module against *our* module of that name.

    python3 scripts/upstream_doctests.py UPSTREAM_FILE OUR_MODULE

Upstream's docstrings are read with ``ast`` (its module is never imported); each
docstring's examples run in a fresh copy of our module's namespace, as pytest's
``--doctest-modules`` would run them in upstream's.  Prints one JSON line:
``{"passed": [...], "failed": [...], "error": null}``.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import io
import json
import sys
from typing import Iterator, List, Tuple


def docstrings(tree: ast.Module, module_name: str) -> Iterator[Tuple[str, str, int]]:
    """``(qualified name, docstring, line)`` for the module and every class and function in it."""
    text = ast.get_docstring(tree, clean=False)
    if text:
        yield module_name, text, 1

    def walk(node: ast.AST, prefix: str) -> Iterator[Tuple[str, str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                name = "%s.%s" % (prefix, child.name)
                doc = ast.get_docstring(child, clean=False)
                if doc:
                    yield name, doc, child.lineno
                yield from walk(child, name)

    yield from walk(tree, module_name)


def main(upstream_file: str, module_name: str) -> int:
    report: dict = {"passed": [], "failed": [], "error": None}
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # reported, not raised: the caller counts it
        report["error"] = "%s: %s" % (type(exc).__name__, exc)
        print(json.dumps(report))
        return 0
    with open(upstream_file, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    parser = doctest.DocTestParser()
    failures: List[str] = []
    for name, text, line in docstrings(tree, module_name):
        test = parser.get_doctest(text, dict(vars(module)), name, upstream_file, line)
        if not test.examples:
            continue
        out = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        result = runner.run(test, out=out.write)
        (report["failed"] if result.failed else report["passed"]).append(name)
        if result.failed:
            failures.append(out.getvalue())
    for text in failures:
        sys.stderr.write(text)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

"""Sphinx extension: resolve Python references that name a documented object indirectly.

With ``nitpicky = True`` every reference must resolve. Docstrings and type hints
often name an object the reference documents under another path; this handler
(``missing-reference``) finds the documented one, and only that:

- a short name (``NodeAuthSSHKey``, ``'NodeDriver'``) resolves when exactly one
  documented object has that name;
- ``Class.method`` resolves to the class in the method's MRO that defines it
  (``NodeDriver.list_regions`` is documented on ``BaseDriver``);
- a class reached by its defining module (``...ec2.driver.EC2NodeDriver``)
  resolves to where the docs document that same object (``...ec2.EC2NodeDriver``).

Anything else stays unresolved and fails the ``-W`` build.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, List, Optional

from docutils import nodes
from sphinx.application import Sphinx


def _import(path: str) -> Any:
    """The object at dotted ``path``, or None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            return None
        return obj
    return None


def _candidates(objects: Dict[str, Any], target: str) -> List[str]:
    name = target.strip("'\"")
    if "." not in name:
        return [full for full in objects if full.rsplit(".", 1)[-1] == name]
    found = []
    owner_path, attr = name.rsplit(".", 1)
    owner = _import(owner_path)
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if attr in vars(klass):
                found.append("%s.%s.%s" % (klass.__module__, klass.__qualname__, attr))
                break
    obj = _import(name)
    if obj is not None and isinstance(obj, type):
        short = name.rsplit(".", 1)[-1]
        found.extend(full for full in objects if full.rsplit(".", 1)[-1] == short and _import(full) is obj)
    return [full for full in dict.fromkeys(found) if full in objects]


def _resolve(app: Sphinx, env: Any, node: nodes.Element, contnode: nodes.Element) -> Optional[nodes.Element]:
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    found = _candidates(domain.objects, node["reftarget"])
    if len(found) != 1:
        return None
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], found[0], node, contnode)


def setup(app: Sphinx) -> Dict[str, Any]:
    """Register the ``missing-reference`` handler."""
    app.connect("missing-reference", _resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Which standard methods a driver class really implements: yes, no or partial.

The standard methods of an API are the public methods its base class defines
(``NodeDriver``, ``StorageDriver``, ``DNSDriver``, ...). For a driver class:

- a method some class before the base in the driver's MRO overrides is
  ``yes`` - unless that override only raises ``NotImplementedError``
  (``no``) or raises it on some paths (``partial``, e.g. a feature that needs
  a particular configuration);
- a template method written once for many drivers (``DNSDriver.update_zone``
  over ``_update_zone``) follows the private hooks it calls on ``self``:
  ``no`` when the driver leaves a hook a stub, ``partial`` when a hook
  refuses on some paths;
- a method the base leaves as a ``raise NotImplementedError`` stub is ``no``;
- a method the base implements generically on top of other standard methods
  (``list_containers`` over ``iterate_containers``, ``get_zone`` over
  ``iterate_zones``, ``deploy_node`` over ``create_node`` ...) is ``yes`` when
  all of those are available, ``no`` when none is, ``partial`` otherwise.

Everything is read from the classes and their source (``ast``), never listed
by hand.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import lru_cache
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

YES, NO, PARTIAL = "yes", "no", "partial"


def _function(attr: Any) -> Optional[Callable[..., Any]]:
    """The plain function behind a class attribute (method, operation, static/class method)."""
    for name in ("flow", "__func__", "fget"):
        inner = getattr(attr, name, None)
        if callable(inner) and not isinstance(attr, type):
            attr = inner
            break
    if not callable(attr):
        return None
    try:
        return inspect.unwrap(attr)  # type: ignore[no-any-return]
    except ValueError:
        return attr  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def _body(func: Callable[..., Any]) -> Optional[Tuple[ast.stmt, ...]]:
    """The statements of ``func`` without its docstring, or None if its source is not available."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source)
    node = tree.body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return tuple(body)


def _raises_not_implemented(node: ast.AST) -> bool:
    """Whether ``node`` is ``raise NotImplementedError(...)`` or ``raise <...>_not_implemented(...)``."""
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "NotImplementedError" or name.endswith("_not_implemented")


def is_stub(func: Callable[..., Any]) -> bool:
    """Whether ``func`` does nothing but raise ``NotImplementedError``."""
    body = _body(func)
    return body is not None and len(body) == 1 and _raises_not_implemented(body[0])


def refuses_sometimes(func: Callable[..., Any]) -> bool:
    """Whether ``func`` raises ``NotImplementedError`` on some of its paths (not all of them)."""
    body = _body(func)
    if body is None or is_stub(func):
        return False
    return any(_raises_not_implemented(node) for stmt in body for node in ast.walk(stmt))


def _references(func: Callable[..., Any], names: FrozenSet[str]) -> Set[str]:
    """The standard methods ``func`` uses: ``self.<name>`` or the string ``"<name>"``."""
    body = _body(func) or ()
    found: Set[str] = set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Attribute) and node.attr in names:
                found.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                found.add(node.value)
    return found


def _hooks(func: Callable[..., Any]) -> Set[str]:
    """The private methods ``func`` calls on ``self`` (``self._name(...)``): the hooks a template method runs."""
    found: Set[str] = set()
    for stmt in _body(func) or ():
        for node in ast.walk(stmt):
            target = node.func if isinstance(node, ast.Call) else None
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self" \
                    and target.attr.startswith("_") and not target.attr.startswith("__"):
                found.add(target.attr)
    return found


def standard_methods(base: type) -> List[str]:
    """The public methods ``base`` itself defines, in source order."""
    names = []
    for name, attr in vars(base).items():
        if name.startswith("_") or isinstance(attr, (property, type)):
            continue
        if _function(attr) is not None:
            names.append(name)
    return names


def _owner(driver: type, name: str) -> Optional[type]:
    for klass in driver.__mro__:
        if name in vars(klass):
            return klass
    return None


def effective_class(driver: type) -> type:
    """The class the driver's constructor really builds with default arguments.

    A registered class may be a factory whose ``__new__`` picks a subclass (Linode's
    ``LinodeDNSDriver`` builds a ``LinodeDNSDriverV4``); ``__new__`` alone sends no
    request.
    """
    if "__new__" not in vars(driver):
        return driver
    try:
        instance = driver.__new__(driver, "key", "secret")
    except Exception:  # the factory needs more than placeholder credentials: keep the class
        return driver
    return type(instance) if isinstance(instance, driver) else driver


def support(driver: type, base: type) -> Dict[str, str]:
    """``{standard method: yes / no / partial}`` for ``driver``, a subclass of ``base``."""
    driver = effective_class(driver)
    names = frozenset(standard_methods(base))
    order = driver.__mro__
    base_index = order.index(base)
    result: Dict[str, str] = {}

    def hooks_status(func: Callable[..., Any]) -> Optional[str]:
        # A template method (written once, in a mixin or the base) works as far as the hooks it
        # calls do: NO when the driver leaves one a stub, PARTIAL when one refuses on some path.
        found = set()
        for hook in _hooks(func):
            owner = _owner(driver, hook)
            impl = _function(vars(owner)[hook]) if owner is not None else None
            if impl is not None and is_stub(impl):
                found.add(NO)
            elif impl is not None and refuses_sometimes(impl):
                found.add(PARTIAL)
        return NO if NO in found else (PARTIAL if found else None)

    def status(name: str, visiting: Tuple[str, ...]) -> str:
        if name in result:
            return result[name]
        if name in visiting:
            return NO  # the generic forms lean on each other: neither is implemented
        owner = _owner(driver, name)
        func = _function(vars(owner)[name]) if owner is not None else None
        if owner is None or func is None:
            return NO
        if order.index(owner) < base_index:
            if is_stub(func):
                return NO
            return hooks_status(func) or (PARTIAL if refuses_sometimes(func) else YES)
        if is_stub(func):
            return NO
        hooked = hooks_status(func)
        if hooked:
            return hooked
        deps = _references(func, names) - {name}
        if not deps:
            return YES
        found = {status(dep, visiting + (name,)) for dep in sorted(deps)}
        if found == {YES}:
            return YES
        if found == {NO}:
            return NO
        return PARTIAL

    for name in standard_methods(base):
        result[name] = status(name, ())
    return result

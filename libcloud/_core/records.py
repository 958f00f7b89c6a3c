"""``record``: the ``@dataclass`` subset the modules on the import path use, built without ``exec``.

``import dataclasses`` loads ``inspect`` (and with it ``ast``, ``dis``,
``tokenize``) and every ``@dataclass`` compiles its generated methods with
``exec``: about 6 ms for the import and 0.7 ms a class, some 15 ms of a
``get_driver(Provider.S3)`` in a new process - more than the rest of the
package's import.  The flow effects, the prepared request, the retry policy
and the AWS credentials and regions are declared with :func:`record` instead:
for the type checker it *is* ``dataclasses.dataclass`` (so mypy checks the
fields, the constructor and ``field``), at run time the methods are closures
over the field table.

Supported: positional and keyword construction with defaults and
``default_factory``, ``repr=False`` and ``compare=False`` fields,
``__eq__`` / ``__hash__`` / ``__repr__`` as ``dataclass`` writes them,
``frozen=True`` (assignment raises :class:`FrozenInstanceError`, an
``AttributeError``), fields inherited from a base record, and
:func:`replace`.  Not supported (no record needs them): ``__post_init__``,
``InitVar``, ``ClassVar`` fields, ``order``, ``slots``.  Instances pickle and
copy like any object (their state is their ``__dict__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, TypeVar

__all__ = ["record", "field", "replace", "FrozenInstanceError"]

T = TypeVar("T")


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record (``dataclasses.FrozenInstanceError``'s counterpart)."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()

#: Each record class -> its fields, inherited ones first (what ``dataclasses.fields`` would give).
_FIELDS: Dict[type, Tuple["Field", ...]] = {}


class Field:
    """One field's options, as ``dataclasses.field`` takes them."""

    __slots__ = ("name", "default", "default_factory", "repr", "compare")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True,
                 compare: bool = True) -> None:
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def _field(*, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True,
           compare: bool = True) -> Any:
    """A field with options (``dataclasses.field``'s signature, the options listed in the module docstring)."""
    return Field(default, default_factory, repr, compare)


def _own_fields(cls: type) -> List[Field]:
    fields = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation):
            raise TypeError("record %s: ClassVar fields are not supported (%s)" % (cls.__qualname__, name))
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        if isinstance(value, Field):
            # The class attribute is the default (as dataclass leaves it), or nothing.
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        fields.append(spec)
    return fields


def _all_fields(cls: type) -> List[Field]:
    by_name: Dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in _FIELDS.get(base, ()):
            by_name[spec.name] = spec
    for spec in _own_fields(cls):
        by_name[spec.name] = spec
    fields = list(by_name.values())
    seen_default = False
    for spec in fields:
        has_default = spec.default is not _MISSING or spec.default_factory is not _MISSING
        if seen_default and not has_default:
            raise TypeError("non-default argument %r follows default argument" % spec.name)
        seen_default = seen_default or has_default
    return fields


def _make_init(cls: type, fields: List[Field]) -> Callable[..., None]:
    names = tuple(spec.name for spec in fields)
    count = len(names)
    position = {name: index for index, name in enumerate(names)}
    defaults = {spec.name: spec.default for spec in fields if spec.default is not _MISSING}
    factories = tuple((spec.name, spec.default_factory) for spec in fields if spec.default_factory is not _MISSING)
    required = tuple(spec.name for spec in fields if spec.default is _MISSING and spec.default_factory is _MISSING)
    qualname = cls.__qualname__

    # A few C-level dict updates instead of a loop over the fields: records are built per request.
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        given = len(args)
        if given > count:
            raise TypeError("%s.__init__() takes %d positional arguments but %d were given"
                            % (qualname, count + 1, given + 1))
        # Straight into __dict__: a frozen record's __setattr__ refuses (as dataclass's object.__setattr__).
        state = self.__dict__
        if defaults:
            state.update(defaults)
        state.update(zip(names, args, strict=False))  # fewer arguments than fields: the rest below
        if kwargs:
            for name in kwargs:
                where = position.get(name)
                if where is None or where < given:
                    problem = "got an unexpected keyword argument" if where is None else "got multiple values for argument"
                    raise TypeError("%s.__init__() %s %r" % (qualname, problem, name))
            state.update(kwargs)
        for name, factory in factories:
            if name not in state:
                state[name] = factory()
        if given < len(required):
            for name in required[given:]:
                if name not in state:
                    raise TypeError("%s.__init__() missing required argument: %r" % (qualname, name))

    return __init__


def _make_methods(cls: type, fields: List[Field], frozen: bool) -> Dict[str, Any]:
    shown = tuple(spec.name for spec in fields if spec.repr)
    compared = tuple(spec.name for spec in fields if spec.compare)
    field_names = frozenset(spec.name for spec in fields)

    def __repr__(self: Any) -> str:
        state = self.__dict__
        return "%s(%s)" % (type(self).__qualname__, ", ".join("%s=%r" % (name, state[name]) for name in shown))

    def _key(self: Any) -> Tuple[Any, ...]:
        state = self.__dict__
        return tuple([state[name] for name in compared])

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return _key(self) == _key(other)
        return NotImplemented

    methods: Dict[str, Any] = {"__init__": _make_init(cls, fields), "__repr__": __repr__, "__eq__": __eq__}
    if frozen:
        def __hash__(self: Any) -> int:
            return hash(_key(self))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError("cannot assign to field %r" % (name,))
            object.__setattr__(self, name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError("cannot delete field %r" % (name,))
            object.__delattr__(self, name)

        methods.update(__hash__=__hash__, __setattr__=__setattr__, __delattr__=__delattr__)
    elif "__hash__" not in cls.__dict__:
        methods["__hash__"] = None  # mutable and compared by value: unhashable, as dataclass makes it
    return methods


def _record(cls: Optional[type] = None, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record: ``@record`` or ``@record(frozen=True)``, as ``@dataclass`` is used."""
    def wrap(cls: type) -> type:
        fields = _all_fields(cls)
        attributes = _make_methods(cls, fields, frozen)
        for name, method in attributes.items():
            if method is not None:
                method.__qualname__ = "%s.%s" % (cls.__qualname__, name)
        attributes["__match_args__"] = tuple(spec.name for spec in fields)
        for name, value in attributes.items():
            setattr(cls, name, value)
        _FIELDS[cls] = tuple(fields)
        return cls

    return wrap if cls is None else wrap(cls)


def _replace(obj: T, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (built through ``__init__``, as ``dataclasses.replace``)."""
    for spec in _FIELDS[type(obj)]:
        if spec.name not in changes:
            changes[spec.name] = obj.__dict__[spec.name]
    return type(obj)(**changes)


if TYPE_CHECKING:
    # The type checker sees the real thing, so records are checked as dataclasses.
    from dataclasses import dataclass as record
    from dataclasses import field, replace
else:
    record = _record
    field = _field
    replace = _replace

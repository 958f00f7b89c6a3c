"""Operation flows: driver logic written once, run by a sync or an async runner.

A flow is a generator that yields *effects* and receives their results, in the
style of httpx's ``auth_flow``: it never performs I/O itself.  Effects are

* :class:`Send` - one HTTP exchange on a connection's transport; the result is
  the transport's response object (``requests.Response`` in the sync runner);
* :class:`Sleep` - wait (retries, polling, rate limits);
* :class:`Gather` - run sub-flows concurrently with a bound, results in order;
* :class:`Read` - read up to ``size`` bytes of a streamed response body
  (``b""`` at the end), so downloads stream under both runners;
* :class:`Call` - run a sub-flow and send back its return value (this is what
  ``Connection.call(...)`` builds, so a driver flow writes
  ``response = yield self.connection.call("/path")``);
* :class:`Wait` - wait for a result another thread or task is producing (a
  single-flight token refresh, see :mod:`libcloud._core.singleflight`).

:func:`run_sync` drives a flow in the calling thread.  The async runner (see
``libcloud.asyncio``) drives the very same generators.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Concatenate,
    Dict,
    Generator,
    Generic,
    Iterable,
    Optional,
    ParamSpec,
    Tuple,
    TypeVar,
    overload,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "Flow",
    "Effect",
    "DELEGATED",
    "CONTROL",
    "advance",
    "delegated_call",
    "not_an_effect",
    "Send",
    "Sleep",
    "Gather",
    "Call",
    "Read",
    "ReadInto",
    "Wait",
    "run_sync",
    "operation",
    "is_operation",
    "flow_of",
    "DEFAULT_GATHER_LIMIT",
]

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")

#: A flow yields effects, receives their results and returns a value.
Flow = Generator[Any, Any, T]

DEFAULT_GATHER_LIMIT = 8


class Effect:
    """Base class of everything a flow may yield; each runner performs every subclass."""

    __slots__ = ()


@dataclass(frozen=True)
class Send(Effect):
    """Send ``request`` over ``transport`` (anything with ``send(request)``).

    ``transport`` is normally a :class:`libcloud.common.base.Connection`; the
    sync runner calls its ``send_sync`` method, the async runner its
    ``send_async`` coroutine.
    """

    transport: Any
    request: Any


@dataclass(frozen=True)
class Sleep(Effect):
    """Wait ``seconds`` before the flow continues."""

    seconds: float


@dataclass(frozen=True)
class Gather(Effect):
    """Run ``flows`` concurrently, at most ``limit`` at a time; the result is their values, in order.

    ``flows`` may be a lazy iterable: the runner pulls the next flow only when
    one of the ``limit`` slots is free, so a generator of upload parts keeps at
    most ``limit`` parts in memory while the window slides.  If one fails, no
    further flow is pulled, those running finish (sync) or are cancelled
    (async), and the first error is raised into the yielding flow.
    """

    flows: Iterable[Flow[Any]]
    limit: int = DEFAULT_GATHER_LIMIT


@dataclass(frozen=True)
class Read(Effect):
    """Read at most ``size`` bytes from ``body`` (``b""`` at the end of the body).

    ``body`` has ``read_sync(size)`` and ``read_async(size)`` (a streamed
    ``RawResponse`` does).
    """

    body: Any
    size: int


@dataclass(frozen=True)
class ReadInto(Effect):
    """Read the next bytes of ``body`` into ``buffer``; the value is how many (0 at the end of the body).

    ``body`` has ``readinto_sync(buffer)`` and ``readinto_async(buffer)``.  The
    caller reuses its buffers, so a long download allocates nothing per chunk.
    """

    body: Any
    buffer: Any = field(compare=False)


@dataclass(frozen=True)
class Call(Effect):
    """Run the sub-flow ``flow`` and send back its return value."""

    flow: Flow[Any]
    description: str = field(default="", compare=False)


@dataclass(frozen=True)
class Wait(Effect):
    """Wait until ``event`` is settled; the value is its outcome.

    ``event`` has ``wait_sync()`` (blocks this thread) and the coroutine
    ``wait_async()`` (suspends this task), so one flow can wait for work that
    a thread or a task elsewhere is doing.
    """

    event: Any


#: Effects a runner performs by calling a method of the effect's target: ``(target attribute,
#: method stem, argument attributes)``.  The sync runner calls ``<stem>_sync``, the async runner
#: awaits ``<stem>_async`` - one table for both, so they cannot drift apart.
DELEGATED: Dict[type, Tuple[str, str, Tuple[str, ...]]] = {
    Send: ("transport", "send", ("request",)),
    Read: ("body", "read", ("size",)),
    ReadInto: ("body", "readinto", ("buffer",)),
    Wait: ("event", "wait", ()),
}
#: Effects each runner implements itself (they are about scheduling, not I/O).
CONTROL: Tuple[type, ...] = (Call, Sleep, Gather)


def delegated_call(effect: Any, suffix: str) -> Optional[Callable[[], Any]]:
    """The bound call that performs ``effect`` if it is a delegated one, else ``None``.

    ``suffix`` is ``"_sync"`` or ``"_async"``: the one difference between the runners.
    """
    for klass in type(effect).__mro__:
        entry = DELEGATED.get(klass)
        if entry is not None:
            target_attr, stem, arg_attrs = entry
            method = getattr(getattr(effect, target_attr), stem + suffix)
            return functools.partial(method, *[getattr(effect, name) for name in arg_attrs])
    return None


def not_an_effect(effect: Any) -> TypeError:
    """The error both runners raise (into the flow) for something that is not an effect."""
    return TypeError("A flow yielded %r, which is not an effect" % (effect,))


def advance(flow: Flow[T], value: Any, error: Optional[BaseException]) -> Tuple[bool, Any]:
    """Resume ``flow`` with ``value`` (or throw ``error`` into it).

    Returns ``(True, its return value)`` when it finished, else ``(False, the
    next effect)``.  Both runners step flows only through this function.
    """
    try:
        if error is not None:
            return False, flow.throw(error)
        return False, flow.send(value)
    except StopIteration as stop:
        return True, stop.value
    except PARSER_ERRORS as exc:
        # The one boundary for every parser: a flow that fails this way on the step that received a
        # response failed on that response's body.  The response class names the error to raise
        # (``parse_failure``); looked up on the type, so a mock's invented attributes never count.
        failure = getattr(type(value), "parse_failure", None) if error is None else None
        if failure is None:
            raise
        raise failure(value, exc) from exc


#: What parsers raise on a body of an unexpected shape (a missing key, a wrong type, a short list).
PARSER_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError)


def run_sync(flow: Flow[T]) -> T:
    """Drive ``flow`` to completion in this thread and return its value."""
    done, item = advance(flow, None, None)
    while not done:
        value: Any = None
        error: Optional[BaseException] = None
        try:
            value = _perform_sync(item)
        except BaseException as exc:  # delivered into the flow, which may handle it
            error = exc
        item = None  # the effect (and the buffers it holds) is not kept alive while the flow runs on
        done, item = advance(flow, value, error)
    result: T = item
    return result


def _perform_sync(effect: Any) -> Any:
    call = delegated_call(effect, "_sync")
    if call is not None:
        return call()
    if isinstance(effect, Call):
        return run_sync(effect.flow)
    if isinstance(effect, Sleep):
        if effect.seconds > 0:
            time.sleep(effect.seconds)
        return None
    if isinstance(effect, Gather):
        return _gather_sync(effect)
    raise not_an_effect(effect)


_END = object()


def _run_flow(flow: Any) -> Any:
    # run_sync for a pool worker (the pool's typing knows only plain callables).
    return run_sync(flow)


def _gather_sync(effect: Gather) -> list[Any]:
    limit = max(1, int(effect.limit))
    flows = iter(effect.flows)
    if limit == 1:
        return [run_sync(f) for f in flows]
    # Imported by the first concurrent Gather, not with the package (import time).
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    results: dict[int, Any] = {}
    first_error: Optional[BaseException] = None
    count = 0
    with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="libcloud-gather") as pool:
        pending: dict[Future[Any], int] = {}
        while True:
            while first_error is None and len(pending) < limit:
                try:
                    flow = next(flows, _END)
                except BaseException as exc:  # the source of the flows failed
                    first_error = exc
                    break
                if flow is _END:
                    break
                pending[pool.submit(_run_flow, flow)] = count
                count += 1
            if not pending:
                break
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                try:
                    results[index] = future.result()
                except BaseException as exc:
                    if first_error is None:
                        first_error = exc
    if first_error is not None:
        raise first_error
    return [results[i] for i in range(count)]


class _Operation(Generic[S, P, T]):
    """Descriptor returned by :func:`operation`.

    ``driver.method(...)`` runs the flow synchronously (the upstream API);
    ``Class.method.flow(driver, ...)`` returns the generator for other runners.
    """

    def __init__(self, func: Callable[Concatenate[S, P], Flow[T]]) -> None:
        self.flow = func
        functools.update_wrapper(self, func)

    def __set_name__(self, owner: type, name: str) -> None:
        self.__name__ = name

    # Typed so that ``self.other_operation.flow(...)`` inside a driver checks its arguments.
    @overload
    def __get__(self, instance: None, owner: Optional[type] = None) -> _Operation[S, P, T]: ...

    @overload
    def __get__(self, instance: S, owner: Optional[type] = None) -> _BoundOperation[P, T]: ...

    def __get__(self, instance: Any, owner: Optional[type] = None) -> Any:
        if instance is None:
            return self
        return _BoundOperation(self, instance)

    def __call__(self, instance: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return run_sync(self.flow(instance, *args, **kwargs))


class _BoundOperation(Generic[P, T]):
    __slots__ = ("_op", "__self__")

    def __init__(self, op: _Operation[Any, P, T], instance: Any) -> None:
        self._op = op
        self.__self__ = instance

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return run_sync(self._op.flow(self.__self__, *args, **kwargs))

    def flow(self, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The generator behind this call, for a runner of your choice."""
        return self._op.flow(self.__self__, *args, **kwargs)

    @property
    def __func__(self) -> Callable[..., Flow[T]]:
        return self._op.flow

    @property
    def __name__(self) -> str:
        return self._op.__name__

    @property
    def __doc__(self) -> Optional[str]:  # type: ignore[override]  # a property over the class attribute
        return self._op.__doc__

    def __repr__(self) -> str:
        return "<bound operation %s of %r>" % (self._op.__name__, self.__self__)


def operation(func: Callable[Concatenate[S, P], Flow[T]]) -> _Operation[S, P, T]:
    """Mark a generator method as an operation.

    Called normally it runs synchronously and returns the flow's value, so a
    driver keeps the upstream blocking API.  The async API runs
    ``flow_of(type(driver), name)`` under the async runner instead.
    """
    return _Operation(func)


def is_operation(obj: Any) -> bool:
    """Whether ``obj`` is a method made with :func:`operation`."""
    return isinstance(obj, _Operation)


def flow_of(cls: type, name: str) -> Optional[Callable[..., Flow[Any]]]:
    """The flow function behind ``cls.name``, or ``None`` if it is a plain method."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            return attr.flow if isinstance(attr, _Operation) else None
    return None

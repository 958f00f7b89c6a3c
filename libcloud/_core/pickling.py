"""Objects that hold locks (or other per-process state) but must still pickle and deep-copy.

Drivers travel to process pools and Dask/Ray workers.  A lock, an in-flight
token refresh or a cache of live connections means nothing in another process,
so such attributes are left out of the pickled state and rebuilt, fresh, on
the other side.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Dict, Mapping

__all__ = ["RebuiltOnUnpickle"]


class RebuiltOnUnpickle:
    """Mixin: the attributes named in ``_rebuilt_on_unpickle`` are rebuilt from their factories.

    Pickling (and ``copy.deepcopy``, which uses the same protocol) drops them
    from the state; unpickling calls each factory to make a fresh value.
    """

    #: Attribute name -> a no-argument factory for the fresh value.
    _rebuilt_on_unpickle: ClassVar[Mapping[str, Callable[[], Any]]] = {}

    def __getstate__(self) -> Dict[str, Any]:
        """This object's state without the attributes that are rebuilt on unpickling."""
        state = dict(self.__dict__)
        for name in self._rebuilt_on_unpickle:
            state.pop(name, None)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        """Restore ``state`` and build fresh values for the dropped attributes."""
        self.__dict__.update(state)
        for name, factory in self._rebuilt_on_unpickle.items():
            self.__dict__[name] = factory()

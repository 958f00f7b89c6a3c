"""Internals of :mod:`libcloud.pricing`, one concern per module.

- :mod:`.errors`   the exceptions the pricing code raises itself;
- :mod:`.files`    where pricing files live, and parsing them (once per file);
- :mod:`.lookup`   picking one price out of a driver's table;
- :mod:`.images`   GCE premium-image prices;
- :mod:`.download` fetching a new file and installing it atomically.

The public API, its module-level state and the lookup order live in
:mod:`libcloud.pricing`; nothing here is imported by users directly.
"""

"""Picking one price out of a driver's pricing table (no I/O)."""

from __future__ import annotations

from typing import Any, Hashable, Mapping, Optional

from libcloud._pricing.errors import PricingLookupError

__all__ = ["size_price", "is_region_keyed"]

_SHOWN_KEYS = 5


def is_region_keyed(table: Mapping[Any, Any]) -> bool:
    """True when the table's entries are ``{region: price}`` objects (ec2_linux, azure_*)."""
    return any(isinstance(entry, Mapping) for entry in table.values())


def size_price(table: Mapping[Any, Any], size_id: Hashable, region: Optional[str] = None,
               table_name: str = "") -> Optional[float]:
    """The hourly price of ``size_id`` (in ``region``), or None when not listed.

    String prices (the ``osc_*`` tables) are converted to float.  Asking a
    region-keyed table without a region, or a flat table with one, raises
    :class:`PricingLookupError` with what to do instead.
    """
    try:
        entry = table[size_id]
    except KeyError:
        return None
    label = repr(table_name) if table_name else "this table"
    if region is None:
        if isinstance(entry, Mapping):
            raise PricingLookupError(
                "Prices for size %r in %s are per region (%s); pass region=..." % (size_id, label, _keys(entry))
            )
        return float(entry)
    if not isinstance(entry, Mapping):
        raise PricingLookupError(
            "%s has one price per size, not per region; call without region=%r" % (label.capitalize(), region)
        )
    try:
        value = entry[region]
    except KeyError:
        return None
    if isinstance(value, Mapping):
        raise PricingLookupError(
            "The entry for size %r, region %r in %s is not a single price (keys: %s); read it with get_pricing()"
            % (size_id, region, label, _keys(value))
        )
    return float(value)


def _keys(mapping: Mapping[Any, Any]) -> str:
    keys = [str(k) for k in mapping]
    shown = ", ".join(keys[:_SHOWN_KEYS])
    return shown + (", ... %d in all" % len(keys) if len(keys) > _SHOWN_KEYS else "")

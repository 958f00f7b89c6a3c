"""``update_zone`` and ``update_record`` written once, for the drivers that support them.

A driver that can change zones mixes in :class:`ZoneUpdateMixin` and writes
``_update_zone(change)``; one that can change records mixes in
:class:`RecordUpdateMixin` and writes ``_update_record(change)``.  The public
methods - upstream's signatures and defaults, an ``@operation`` each, so the
asyncio API runs the same flow - gather the arguments into a
:class:`ZoneChange` / :class:`RecordChange` (a record change is resolved
against the record and validated first, so nothing invalid is ever sent) and
hand it to the hook.  The mixins come before ``DNSDriver`` in a driver's
bases; the docs' support matrix reads the hook a driver writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from libcloud._core.flow import Flow, operation
from libcloud.dns.base import Record, Zone

__all__ = ["ZoneChange", "RecordChange", "ZoneUpdateMixin", "RecordUpdateMixin"]


@dataclass
class ZoneChange:
    """What ``update_zone`` was asked to change on ``zone`` (``None``: keep it)."""

    zone: Zone
    domain: Optional[str]
    type: Optional[str]
    ttl: Optional[int]
    #: The provider settings asked for (a copy: a hook may pop from it).
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def renames(self) -> bool:
        """Whether ``domain`` names another zone than ``zone`` (case and final dot aside)."""
        return bool(self.domain) and _bare(self.domain) != _bare(self.zone.domain)


@dataclass
class RecordChange:
    """An ``update_record`` call resolved against ``record`` and validated.

    ``name``, ``type`` and ``data`` are the values to send (the record's own
    where the caller passed ``None``; ``name`` relative to the zone), ``extra``
    the record's extra with the caller's merged over it.  ``given_name`` is the
    name as the caller wrote it (the record's if ``None``), for drivers that
    echo it back as upstream did.
    """

    record: Record
    name: Optional[str]
    type: str
    data: str
    extra: Dict[str, Any]
    given_name: Optional[str]


class ZoneUpdateMixin:
    """``update_zone`` over the driver's ``_update_zone(change)`` flow."""

    @operation
    def update_zone(
        self,
        zone: Zone,
        domain: Optional[str],
        type: Optional[str] = "master",
        ttl: Optional[int] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Flow[Zone]:
        """Change ``zone``'s domain, type, TTL or provider settings, as far as the provider allows."""
        return (yield from self._update_zone(ZoneChange(zone, domain, type, ttl, dict(extra or {}))))

    def _update_zone(self, change: ZoneChange) -> Flow[Zone]:
        """Send ``change``; returns the zone as it now is."""
        raise NotImplementedError("update_zone not implemented for this driver")


class RecordUpdateMixin:
    """``update_record`` over the driver's ``_update_record(change)`` flow."""

    # DNSDriver's helper (this mixin comes before DNSDriver in a driver's bases).
    _validate_record_update: Any

    @operation
    def update_record(
        self,
        record: Record,
        name: Optional[str] = None,
        type: Optional[str] = None,
        data: Optional[str] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Flow[Record]:
        """Change ``record``; arguments left as ``None`` keep their value, and the result is validated first."""
        given_name = record.name if name is None else name
        name, type, data, merged = self._validate_record_update(record, self._read_name(given_name, record.zone), type,
                                                                data, extra)
        return (yield from self._update_record(RecordChange(record, name, type, data, merged, given_name)))

    def _read_name(self, name: Optional[str], zone: Zone) -> Optional[str]:
        """The record name the caller meant, for validation (a driver may accept other spellings)."""
        return name

    def _update_record(self, change: RecordChange) -> Flow[Record]:
        """Send ``change``; returns the record as it now is."""
        raise NotImplementedError("update_record not implemented for this driver")


def _bare(domain: Optional[str]) -> str:
    return (domain or "").rstrip(".").lower()

"""Checks a DNS driver runs on a record *before* it sends any request.

Every failure raises :class:`RecordValidationError`, which is both a
:class:`~libcloud.dns.types.RecordError` (so a ``LibcloudError``) and a
``ValueError``: callers can catch it either way, and nothing has reached the
provider when it is raised.

The checks are deliberately permissive about what providers disagree on
(``"@"`` for the apex, underscores, wildcards, priority written inside
``data``) and strict about what is always a mistake: a type the driver cannot
create, a name outside the zone, an MX/SRV record with no priority.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from libcloud.dns.types import RecordError, RecordType

__all__ = [
    "RecordValidationError",
    "accepted_record_types",
    "check_record_type",
    "check_record_name",
    "check_priority",
    "relative_name",
    "validate_record",
    "validate_record_update",
]

_MAX_LABEL = 63
_MAX_NAME = 253
_MAX_PRIORITY = 65535
# How many leading numeric fields each type carries when its data is complete.
_PRIORITY_FIELDS = {RecordType.MX: 1, RecordType.SRV: 3}


class RecordValidationError(RecordError, ValueError):
    """A record was refused locally; no request was sent."""

    error_type = "RecordValidationError"

    def __init__(self, value: Any, driver: Any = None, record_id: Any = None) -> None:
        super().__init__(value=value, driver=driver, record_id=record_id)

    def __str__(self) -> str:
        return str(self.value)


def _driver_name(driver: Any) -> str:
    return str(getattr(driver, "name", None) or type(driver).__name__)


def _zone_domain(zone: Any) -> str:
    return str(getattr(zone, "domain", None) or "").rstrip(".")


def accepted_record_types(driver: Any) -> Dict[str, Any]:
    """Every type ``driver`` creates: ``RECORD_TYPE_MAP`` (what ``list_record_types``
    reports, upstream's list) plus ``EXTRA_RECORD_TYPE_MAP`` (types the provider
    also takes that upstream's list leaves out)."""
    accepted = dict(getattr(driver, "RECORD_TYPE_MAP", None) or {})
    accepted.update(getattr(driver, "EXTRA_RECORD_TYPE_MAP", None) or {})
    return accepted


def check_record_type(driver: Any, type: Any, record_id: Any = None) -> None:
    """Refuse a type missing from :func:`accepted_record_types`.

    A driver with an empty map (some third-party drivers) declares nothing,
    so any string type is let through.
    """
    if not isinstance(type, str) or not type:
        raise RecordValidationError("Record type must be a non-empty string, got %r" % (type,), driver, record_id)
    supported = accepted_record_types(driver)
    if supported and type not in supported:
        raise RecordValidationError(
            "Record type %r is not supported by %s; supported types: %s"
            % (type, _driver_name(driver), ", ".join(sorted(set(supported)))),
            driver,
            record_id,
        )


def relative_name(name: Optional[str], domain: str) -> Optional[str]:
    """``name`` relative to ``domain``: absolute names (ending in ".") are
    converted, the apex becoming ``""``; relative names come back unchanged.

    Raises ``ValueError`` when an absolute name lies outside ``domain``.
    """
    if not name or not name.endswith("."):
        return name
    fqdn = name[:-1]
    domain = domain.rstrip(".")
    if fqdn.lower() == domain.lower():
        return ""
    suffix = "." + domain.lower()
    if domain and fqdn.lower().endswith(suffix):
        return fqdn[: -len(suffix)]
    raise ValueError("Record name %r is outside the zone %r" % (name, domain))


def check_record_name(driver: Any, name: Optional[str], zone: Any, record_id: Any = None) -> Optional[str]:
    """Check ``name`` against ``zone`` and return it relative to the zone.

    ``None``, ``""`` and ``"@"`` mean the apex and are returned unchanged.
    """
    if name is None or name in ("", "@"):
        return name
    if not isinstance(name, str):
        raise RecordValidationError("Record name must be a string, got %r" % (name,), driver, record_id)
    if any(ch.isspace() for ch in name):
        raise RecordValidationError("Record name %r contains whitespace" % (name,), driver, record_id)
    domain = _zone_domain(zone)
    try:
        rel = relative_name(name, domain)
    except ValueError as exc:
        raise RecordValidationError(str(exc), driver, record_id) from None
    if not rel:
        return rel
    labels = rel.split(".")
    if any(not label for label in labels):
        raise RecordValidationError("Record name %r has an empty label" % (name,), driver, record_id)
    too_long = [label for label in labels if len(label) > _MAX_LABEL]
    if too_long:
        raise RecordValidationError(
            "Record name %r has a label longer than %d characters: %r" % (name, _MAX_LABEL, too_long[0]),
            driver,
            record_id,
        )
    full = len(rel) + (len(domain) + 1 if domain else 0)
    if full > _MAX_NAME:
        raise RecordValidationError(
            "Record name %r is too long within zone %r (%d > %d characters)" % (name, domain, full, _MAX_NAME),
            driver,
            record_id,
        )
    return rel


def _data_carries_priority(type: str, data: Any) -> bool:
    """True when ``data`` already holds the numeric fields (``"10 mx.example.com."``)."""
    numeric = _PRIORITY_FIELDS[type]
    fields = str(data).split()
    return len(fields) == numeric + 1 and all(f.isdigit() for f in fields[:numeric])


def check_priority(driver: Any, type: str, data: Any, extra: Optional[Dict[str, Any]], record_id: Any = None) -> None:
    """MX and SRV records need a priority, in ``extra["priority"]`` or inside ``data``."""
    if type not in _PRIORITY_FIELDS:
        return
    priority = (extra or {}).get("priority")
    if priority is None:
        if _data_carries_priority(type, data):
            return
        raise RecordValidationError(
            "%s records need a priority: pass extra={'priority': <0-%d>}" % (type, _MAX_PRIORITY),
            driver,
            record_id,
        )
    if isinstance(priority, bool) or not str(priority).strip().isdigit() or int(priority) > _MAX_PRIORITY:
        raise RecordValidationError(
            "%s priority must be an integer from 0 to %d, got %r" % (type, _MAX_PRIORITY, priority), driver, record_id
        )


def validate_record(
    driver: Any,
    name: Optional[str],
    zone: Any,
    type: Any,
    data: Any,
    extra: Optional[Dict[str, Any]] = None,
    record_id: Any = None,
) -> Optional[str]:
    """Run every check for a record about to be created; return the zone-relative name."""
    check_record_type(driver, type, record_id)
    if data is None:
        raise RecordValidationError("Record data is required for a %s record" % (type,), driver, record_id)
    rel = check_record_name(driver, name, zone, record_id)
    check_priority(driver, type, data, extra, record_id)
    return rel


def validate_record_update(
    driver: Any,
    record: Any,
    name: Optional[str],
    type: Optional[str],
    data: Optional[str],
    extra: Optional[Dict[str, Any]] = None,
) -> Tuple[Optional[str], str, str, Dict[str, Any]]:
    """Resolve an update against ``record`` and validate the result.

    ``None`` keeps the record's current name / type / data; ``extra`` is merged
    over the record's extra (so an MX keeps its priority when only its data
    changes).  Returns ``(name, type, data, extra)`` as they will be sent.
    """
    new_name = record.name if name is None else name
    new_type = record.type if type is None else type
    new_data = record.data if data is None else data
    new_extra = dict(record.extra or {})
    new_extra.update(extra or {})
    rel = validate_record(driver, new_name, record.zone, new_type, new_data, new_extra, record_id=record.id)
    return rel, new_type, new_data, new_extra

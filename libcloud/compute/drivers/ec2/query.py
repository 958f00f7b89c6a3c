"""Building EC2 Query API parameters (pure; bad input fails here, before any request)."""

from __future__ import annotations

import base64
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = ["numbered", "filters", "tags_params", "tag_specifications", "block_device_mappings",
           "userdata_b64", "flatten"]

Scalar = Union[str, int, float, bool]
_SCALARS = (str, int, float, bool)


def _scalar_text(value: Any, what: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _SCALARS):
        return str(value)
    raise ValueError("%s must be a string, number or boolean, not %s" % (what, type(value).__name__))


def numbered(prefix: str, values: Iterable[Any]) -> Dict[str, str]:
    """``{"InstanceId.1": "i-a", "InstanceId.2": "i-b"}`` (EC2 lists are numbered from 1)."""
    if isinstance(values, (str, bytes)):
        values = [values]
    return {"%s.%d" % (prefix, i): _scalar_text(v, prefix) for i, v in enumerate(values, 1)}


def filters(ex_filters: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    """``Filter.N.Name`` / ``Filter.N.Value.M`` from ``{"name": value or [values]}``."""
    if ex_filters is None:
        return {}
    if not isinstance(ex_filters, Mapping):
        raise ValueError("ex_filters must be a dict of filter name -> value(s), not %s" % type(ex_filters).__name__)
    params: Dict[str, str] = {}
    for index, (name, value) in enumerate(ex_filters.items(), 1):  # in the caller's order
        if not isinstance(name, str) or not name:
            raise ValueError("Filter names must be non-empty strings, not %r" % (name,))
        values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if not values:
            raise ValueError("Filter %r has no values" % name)
        params["Filter.%d.Name" % index] = name
        for vindex, item in enumerate(sorted(values, key=str) if isinstance(value, (set, frozenset)) else values, 1):
            params["Filter.%d.Value.%d" % (index, vindex)] = _scalar_text(item, "Filter %r value" % name)
    return params


def tags_params(tags: Mapping[str, Any], with_values: bool = True) -> Dict[str, str]:
    """``Tag.N.Key`` / ``Tag.N.Value`` (CreateTags, DeleteTags)."""
    if not isinstance(tags, Mapping):
        raise ValueError("tags must be a dict, not %s" % type(tags).__name__)
    params: Dict[str, str] = {}
    for index, (key, value) in enumerate(tags.items(), 1):
        params["Tag.%d.Key" % index] = _scalar_text(key, "Tag key")
        if with_values and value is not None:
            params["Tag.%d.Value" % index] = _scalar_text(value, "Tag %r value" % key)
    return params


def tag_specifications(resource_tags: Mapping[str, Mapping[str, Any]]) -> Dict[str, str]:
    """``TagSpecification.N`` for tags applied at creation ({"instance": {...}, "volume": {...}})."""
    params: Dict[str, str] = {}
    index = 0
    for resource_type, tags in resource_tags.items():
        if not tags:
            continue
        index += 1
        params["TagSpecification.%d.ResourceType" % index] = resource_type
        for key, value in tags_params(tags).items():
            params["TagSpecification.%d.%s" % (index, key)] = value
    return params


def flatten(prefix: str, value: Any) -> Dict[str, str]:
    """Nested dicts/lists -> dotted EC2 parameters (lists numbered from 1)."""
    params: Dict[str, str] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            params.update(flatten("%s.%s" % (prefix, key) if prefix else str(key), item))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value, 1):
            params.update(flatten("%s.%d" % (prefix, index), item))
    elif value is not None:
        params[prefix] = _scalar_text(value, prefix)
    return params


def block_device_mappings(mappings: Sequence[Mapping[str, Any]]) -> Dict[str, str]:
    """``BlockDeviceMapping.N.*`` from upstream-style dicts (``{"DeviceName": ..., "Ebs": {...}}``)."""
    if not isinstance(mappings, (list, tuple)):
        raise ValueError("ex_blockdevicemappings must be a list of dicts")
    for mapping in mappings:
        if not isinstance(mapping, Mapping):
            raise ValueError("Each block device mapping must be a dict, not %s" % type(mapping).__name__)
        if "DeviceName" not in mapping:
            raise ValueError("A block device mapping needs a DeviceName: %r" % (mapping,))
    return flatten("BlockDeviceMapping", list(mappings))


def userdata_b64(userdata: Union[str, bytes]) -> str:
    """User data base64-encoded, as RunInstances expects."""
    if isinstance(userdata, str):
        userdata = userdata.encode("utf-8")
    return base64.b64encode(userdata).decode("ascii")


def ids_of(items: Iterable[Any]) -> List[str]:
    """Resource ids from objects with ``.id`` or plain strings."""
    return [item if isinstance(item, str) else item.id for item in items]

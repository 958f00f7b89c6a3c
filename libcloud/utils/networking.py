"""IP address helpers used to sort a node's addresses into public and private."""

from __future__ import annotations

import ipaddress
import socket
from typing import List, Sequence, Union

__all__ = [
    "is_private_subnet",
    "is_public_subnet",
    "is_valid_ip_address",
    "join_ipv4_segments",
    "increment_ipv4_segments",
]

# Only the RFC 1918 ranges count as private for IPv4: drivers rely on e.g.
# 127.0.0.1 or 100.64.0.0/10 being reported as "public", as upstream does.
_PRIVATE_V4 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# IPv6: unique local (fc00::/7) and link-local (fe80::/10) addresses.
_PRIVATE_V6 = tuple(ipaddress.ip_network(n) for n in ("fc00::/7", "fe80::/10"))


def is_private_subnet(ip: str) -> bool:
    """Whether ``ip`` lies in a private range.

    An unparsable address raises ``OSError`` (upstream went through
    ``socket.inet_aton``, so callers catch ``socket.error``).
    """
    try:
        address = ipaddress.ip_address(str(ip).strip())
    except ValueError:
        raise OSError("illegal IP address string: %r" % (ip,)) from None
    networks = _PRIVATE_V4 if address.version == 4 else _PRIVATE_V6
    return any(address in network for network in networks)


def is_public_subnet(ip: str) -> bool:
    """The negation of :func:`is_private_subnet`."""
    return not is_private_subnet(ip=ip)


def is_valid_ip_address(address: str, family: int = socket.AF_INET) -> bool:
    """Whether ``address`` is a valid address of ``family`` (``AF_INET`` or ``AF_INET6``)."""
    try:
        socket.inet_pton(family, address)
    except (OSError, TypeError, ValueError):
        return False
    return True


def join_ipv4_segments(segments: Sequence[Union[int, str]]) -> str:
    """``[10, 0, 0, 1]`` -> ``"10.0.0.1"``."""
    return ".".join(str(segment) for segment in segments)


def increment_ipv4_segments(segments: Sequence[Union[int, str]]) -> List[int]:
    """The next address as four integers, carrying over 255 (``[10, 0, 0, 255]`` -> ``[10, 0, 1, 0]``).

    Like upstream, the first segment is not wrapped: ``255.255.255.255`` gives
    ``[256, 0, 0, 0]``.
    """
    result = [int(segment) for segment in segments]
    index = 3
    result[index] += 1
    while index > 0 and result[index] == 256:
        result[index] = 0
        index -= 1
        result[index] += 1
    return result

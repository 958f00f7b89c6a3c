import socket

import pytest

from libcloud.utils.networking import (
    increment_ipv4_segments,
    is_private_subnet,
    is_public_subnet,
    is_valid_ip_address,
    join_ipv4_segments,
)


@pytest.mark.parametrize(
    "ip", ["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "fd00::1", "fe80::1"]
)
def test_private_addresses(ip):
    assert is_private_subnet(ip) is True
    assert is_public_subnet(ip) is False


@pytest.mark.parametrize(
    "ip", ["8.8.8.8", "172.15.255.255", "172.32.0.0", "192.169.0.1", "11.0.0.1", "127.0.0.1", "100.64.0.1",
           "2001:db8::1"],
)
def test_public_addresses(ip):
    # Only RFC 1918 (and IPv6 ULA / link-local) count as private, as upstream.
    assert is_private_subnet(ip) is False
    assert is_public_subnet(ip) is True


def test_invalid_address_raises_socket_error():
    with pytest.raises(socket.error):
        is_private_subnet("not-an-ip")
    with pytest.raises(OSError):
        is_public_subnet("10.0.0")


def test_is_valid_ip_address():
    assert is_valid_ip_address("192.168.0.1")
    assert not is_valid_ip_address("192.168.0.256")
    assert not is_valid_ip_address("::1")
    assert is_valid_ip_address("::1", family=socket.AF_INET6)
    assert is_valid_ip_address("2001:db8::ff00:42:8329", socket.AF_INET6)
    assert not is_valid_ip_address("10.0.0.1", socket.AF_INET6)
    assert not is_valid_ip_address("", socket.AF_INET)


def test_join_ipv4_segments():
    assert join_ipv4_segments([10, 0, 0, 1]) == "10.0.0.1"
    assert join_ipv4_segments(("192", "168", "1", "2")) == "192.168.1.2"


@pytest.mark.parametrize(
    "segments, expected",
    [
        ([10, 0, 0, 1], [10, 0, 0, 2]),
        (["10", "0", "0", "255"], [10, 0, 1, 0]),
        ([10, 0, 255, 255], [10, 1, 0, 0]),
        ([10, 255, 255, 255], [11, 0, 0, 0]),
        ([255, 255, 255, 255], [256, 0, 0, 0]),
    ],
)
def test_increment_ipv4_segments(segments, expected):
    assert increment_ipv4_segments(segments) == expected


def test_increment_does_not_mutate_input():
    segments = [1, 2, 3, 4]
    increment_ipv4_segments(segments)
    assert segments == [1, 2, 3, 4]

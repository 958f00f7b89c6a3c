import http.client
import unittest
import urllib.parse
from xml.etree import ElementTree

import pytest

from libcloud.utils import py3


def test_version_flags_describe_python3():
    assert py3.PY3 is True
    assert py3.PY2 is False
    assert py3.unittest2_required is False


def test_module_aliases_are_the_standard_library():
    assert py3.httplib is http.client
    assert py3.urlparse is urllib.parse
    assert py3.urlencode is urllib.parse.urlencode
    assert py3.urlquote("a b/c") == "a%20b/c"
    assert py3.urlunquote("a%20b") == "a b"
    assert py3.parse_qs("a=1&a=2&b=3") == {"a": ["1", "2"], "b": ["3"]}
    assert py3.parse_qsl("a=1&b=2") == [("a", "1"), ("b", "2")]
    assert py3.ET is ElementTree
    assert py3.basestring is str and py3.u is str and py3._real_unicode is str
    assert py3.next(iter([7])) == 7


@pytest.mark.parametrize(
    "value, expected",
    [("héllo", "héllo".encode("utf-8")), (b"raw", b"raw"), (bytearray(b"ba"), b"ba"), (65, b"A")],
)
def test_b_returns_bytes(value, expected):
    result = py3.b(value)
    assert result == expected
    assert type(result) is bytes


def test_b_rejects_other_types():
    with pytest.raises(TypeError):
        py3.b(1.5)
    with pytest.raises(TypeError):
        py3.b(None)


def test_ensure_string():
    assert py3.ensure_string("x") == "x"
    assert py3.ensure_string("é".encode("utf-8")) == "é"
    with pytest.raises(TypeError):
        py3.ensure_string(3)


def test_byte_and_bchr_are_inverse():
    assert py3.byte("A") == 65
    assert py3.bchr(65) == b"A"


def test_tostring_returns_text():
    node = ElementTree.fromstring("<a><b>x</b></a>")
    assert py3.tostring(node) == "<a><b>x</b></a>"


def test_hexadigits_pads_every_byte_to_two_digits():
    assert py3.hexadigits(b"\x00\x0f\xab") == ["00", "0f", "ab"]


def test_base64_helpers_round_trip_and_wrap_lines():
    data = bytes(range(256))
    encoded = py3.base64_encode_string(data)
    assert encoded.endswith(b"\n")
    assert all(len(line) <= 76 for line in encoded.splitlines())
    assert py3.base64_decode_string(encoded) == data


def test_dictvalues_and_method_type():
    assert py3.dictvalues({"a": 1, "b": 2}) == [1, 2]

    class Thing:
        value = 5

    bound = py3.method_type(lambda self: self.value, None, Thing)
    assert bound() == 5
    instance = Thing()
    instance.value = 9
    assert py3.method_type(lambda self: self.value, instance, Thing)() == 9


class AssertRaisesRegexTest(unittest.TestCase):
    def test_delegates_to_testcase(self):
        with py3.assertRaisesRegex(self, ValueError, "bad.*value"):
            raise ValueError("bad value")

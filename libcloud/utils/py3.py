"""Python 2/3 compatibility names, kept because drivers everywhere import them.

libcloud-ng runs on Python 3 only, so every name here is the plain Python 3
object (``httplib`` is ``http.client``, ``basestring`` is ``str``, ...).  New
code should use the standard library directly.
"""

from __future__ import annotations

import base64
import http.client as httplib
import types
import urllib
import urllib.parse as urlparse
import xmlrpc.client as xmlrpclib
from builtins import bytes, next
from importlib import reload
from io import BytesIO, StringIO
from os.path import relpath
from typing import Any, Callable, Dict, List, Union
from urllib.parse import quote as urlquote
from urllib.parse import unquote as urlunquote
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

urllib2 = urllib

__all__ = [
    "PY2", "PY3", "PY25", "PY26", "PY27", "PY32", "PY2_pre_25", "PY2_pre_26", "PY2_pre_27",
    "PY2_pre_279", "PY3_pre_32", "unittest2_required",
    "ET", "httplib", "urllib", "urllib2", "urlparse", "xmlrpclib", "StringIO", "BytesIO",
    "urlquote", "urlunquote", "urlencode", "parse_qs", "parse_qsl", "relpath", "reload",
    "bytes", "next", "basestring", "u", "_real_unicode",
    "b", "ensure_string", "byte", "bchr", "method_type", "dictvalues", "tostring", "hexadigits",
    "base64_encode_string", "base64_decode_string", "assertRaisesRegex", "assertRegex",
]

PY2 = False
PY3 = True
PY25 = PY26 = PY27 = PY32 = False
PY2_pre_25 = PY2_pre_26 = PY2_pre_27 = PY2_pre_279 = False
PY3_pre_32 = False
unittest2_required = False

parse_qs = urlparse.parse_qs
parse_qsl = urlparse.parse_qsl

basestring = str
_real_unicode = str
u = str


def b(s: Union[str, bytes, bytearray, int]) -> bytes:
    """Bytes from ``s``: ``str`` is UTF-8 encoded, an ``int`` becomes one byte."""
    if isinstance(s, str):
        return s.encode("utf-8")
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    if isinstance(s, int):
        return bytes([s])
    raise TypeError("Invalid argument %r for b()" % (s,))


def ensure_string(s: Union[str, bytes, bytearray]) -> str:
    """Text from ``s`` (bytes are decoded as UTF-8)."""
    if isinstance(s, str):
        return s
    if isinstance(s, (bytes, bytearray)):
        return bytes(s).decode("utf-8")
    raise TypeError("Invalid argument %r for ensure_string()" % (s,))


def byte(n: Union[str, bytes]) -> int:
    """The code of a one-character string."""
    return ord(n)


def bchr(s: int) -> bytes:
    """A one-byte ``bytes`` from an integer in 0..255."""
    return bytes([s])


def method_type(callable: Callable[..., Any], instance: Any, klass: type) -> types.MethodType:
    """Bind ``callable`` to ``instance`` (or to a fresh ``klass()`` when it is None)."""
    return types.MethodType(callable, instance if instance is not None else klass())


def dictvalues(d: Dict[Any, Any]) -> List[Any]:
    """The values of ``d`` as a list."""
    return list(d.values())


def tostring(node: ET.Element) -> str:
    """Serialise an element to text (not bytes)."""
    return ET.tostring(node, encoding="unicode")


def hexadigits(s: bytes) -> List[str]:
    """Two lower-case hex digits per byte (used for colon-separated fingerprints)."""
    return ["%02x" % x for x in bytearray(s)]


def base64_encode_string(s: bytes) -> bytes:
    """MIME-style base64 (a newline every 76 characters and at the end)."""
    return base64.encodebytes(s)


def base64_decode_string(s: bytes) -> bytes:
    """Decode base64 that may contain newlines."""
    return base64.decodebytes(s)


def assertRaisesRegex(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``self.assertRaisesRegex`` (the Python 2 name differed)."""
    return self.assertRaisesRegex(*args, **kwargs)



def assertRegex(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``self.assertRegex`` (the Python 2 name differed)."""
    return self.assertRegex(*args, **kwargs)

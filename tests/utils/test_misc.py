import string

import pytest

from libcloud.common import providers
from libcloud.utils import misc
from libcloud.utils.misc import (
    ReprMixin,
    dict2str,
    find,
    get_new_obj,
    get_secure_random_string,
    lowercase_keys,
    merge_valid_keys,
    reverse_dict,
    str2dicts,
    str2list,
)
from libcloud.utils.retry import Retry, TransientSSLError


def test_find_returns_first_match_or_none():
    assert find([1, 2, 3, 4], lambda x: x % 2 == 0) == 2
    assert find([1, 3], lambda x: x % 2 == 0) is None
    assert find(iter(["a", "bb"]), lambda s: len(s) == 2) == "bb"


def test_aliases():
    assert misc.get_driver is providers.get_driver
    assert misc.set_driver is providers.set_driver
    assert misc.retry is Retry
    assert misc.TransientSSLError is TransientSSLError


def test_merge_valid_keys_copies_only_valid_keys_in_place():
    params = {"a": 1}
    merged = merge_valid_keys(params, ["b", "c"], {"b": 2, "d": 4})
    assert merged == {"b": 2}
    assert params == {"a": 1, "b": 2}
    assert merge_valid_keys(params, ["b"], None) == {}
    assert merge_valid_keys(params, ["b"], {}) == {}


class Thing:
    def __init__(self, name, size, extra=None, tags=None):
        self.name = name
        self.size = size
        self.extra = extra or {}
        self.tags = tags or []


def test_get_new_obj_overrides_and_merges():
    old = Thing("a", 1, extra={"x": 1, "y": 2}, tags=["t"])
    new = get_new_obj(old, Thing, {"size": 5, "name": None, "extra": {"y": 20, "z": 30, "x": None}})
    assert (new.name, new.size) == ("a", 5)
    assert new.extra == {"x": 1, "y": 20, "z": 30}
    assert new.tags == ["t"]
    # nothing mutable is shared with the original
    new.tags.append("u")
    assert old.tags == ["t"]
    assert old.extra == {"x": 1, "y": 2}


def test_str2dicts():
    data = "cpu 1100\nram 640\n\ncpu 2200\nram 1024\nname my server\n\n\nflag\n"
    assert str2dicts(data) == [
        {"cpu": "1100", "ram": "640"},
        {"cpu": "2200", "ram": "1024", "name": "my server"},
        {"flag": ""},
    ]
    assert str2dicts("") == []


def test_str2list():
    assert str2list("ip 1.2.3.4\nip 1.2.3.5\n\nlonely\n  ip 1.2.3.6  ") == ["1.2.3.4", "1.2.3.5", "1.2.3.6"]


def test_dict2str_round_trips_with_str2dicts():
    data = {"cpu": "1100", "ram": 640, "smp": None}
    text = dict2str(data)
    assert text == "cpu 1100\nram 640\nsmp\n"
    assert str2dicts(text) == [{"cpu": "1100", "ram": "640", "smp": ""}]


def test_reverse_and_lowercase():
    assert reverse_dict({"a": 1, "b": 2}) == {1: "a", 2: "b"}
    assert lowercase_keys({"Content-Type": "x", "ETAG": "y"}) == {"content-type": "x", "etag": "y"}


@pytest.mark.parametrize("size", [0, 1, 7, 8, 33])
def test_get_secure_random_string(size):
    value = get_secure_random_string(size)
    assert len(value) == size
    assert set(value) <= set(string.hexdigits.lower())


def test_get_secure_random_string_varies():
    assert len({get_secure_random_string(32) for _ in range(5)}) == 5


class Sized(ReprMixin):
    _repr_attributes = ["id", "name", "missing"]

    def __init__(self):
        self.id = 3
        self.name = "small"


def test_repr_mixin():
    assert repr(Sized()) == "<Sized id=3, name=small, missing=None>"
    assert str(Sized()) == repr(Sized())

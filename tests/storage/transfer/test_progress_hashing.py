import hashlib

import pytest

from libcloud.storage.transfer import HashCounter, Progress, hashes_equal, new_hasher, normalize_hash


def test_progress_reports_running_totals_and_finish_once():
    calls = []
    progress = Progress(lambda done, total: calls.append((done, total)), 10)
    progress.advance(0)
    progress.advance(4)
    progress.advance(6)
    progress.finish()
    assert calls == [(4, 10), (10, 10)]
    empty = []
    p = Progress(lambda d, t: empty.append((d, t)), 0)
    p.finish()
    p.finish()
    assert empty == [(0, 0)]
    Progress(None).advance(3)  # no callback: nothing to do


def test_hashers():
    assert new_hasher("sha1").name == "sha1"
    with pytest.raises(RuntimeError, match="Invalid or unsupported hash type"):
        new_hasher("nope")
    counter = HashCounter("md5")
    counter.update(b"ab")
    counter.update(b"c")
    assert (counter.bytes, counter.hexdigest()) == (3, hashlib.md5(b"abc").hexdigest())
    assert HashCounter(None).hexdigest() is None


def test_hash_normalisation():
    assert normalize_hash('"ABC"') == "abc"
    assert normalize_hash(b'W/"abc"') == "abc"
    assert normalize_hash(None) is None
    assert hashes_equal('"AbC"', "abc")
    assert not hashes_equal("abc", "abd")

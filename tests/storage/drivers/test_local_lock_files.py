"""Issue 19 item 5: lock files live in a private 0700 folder and are opened without following symlinks."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers import local_lock
from libcloud.storage.drivers.local_lock import STRIPES, LockLocalStorage, lock_folder

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership checks")


@pytest.fixture
def fresh_tmp(tmp_path, monkeypatch):
    """A temporary folder of its own (no XDG_RUNTIME_DIR), and no cached lock folder."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    lock_folder.cache_clear()
    yield shared
    lock_folder.cache_clear()


def test_the_lock_folder_is_private(fresh_tmp):
    with LockLocalStorage(str(fresh_tmp / "obj")) as held:
        folder = os.path.dirname(held.lock_file_path)
        assert os.path.dirname(folder) == str(fresh_tmp)
        info = os.lstat(folder)
        assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700
        assert info.st_uid == os.getuid()
        assert stat.S_IMODE(os.lstat(held.lock_file_path).st_mode) == 0o600
    # Nothing with a predictable name lands directly in the shared folder.
    assert [p.name for p in fresh_tmp.iterdir()] == [os.path.basename(folder)]


def test_a_symlink_planted_as_the_lock_folder_is_refused(fresh_tmp, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    os.symlink(str(victim), str(fresh_tmp / ("libcloud-locks-%d" % os.getuid())))
    with pytest.raises(LibcloudError, match="not a private folder"):
        with LockLocalStorage(str(tmp_path / "obj")):
            pass
    assert list(victim.iterdir()) == []


def test_a_group_readable_lock_folder_is_refused(fresh_tmp, tmp_path):
    folder = fresh_tmp / ("libcloud-locks-%d" % os.getuid())
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(LibcloudError, match="mode 0700"):
        LockLocalStorage(str(tmp_path / "obj"))


def test_a_symlinked_lock_file_is_not_followed(fresh_tmp, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_bytes(b"keep me")
    folder = lock_folder()
    for stripe in range(STRIPES):  # whichever stripe the path falls on
        os.symlink(str(target), os.path.join(folder, "libcloud-local-%03d.lock" % stripe))
    with pytest.raises(LibcloudError, match="Cannot open the lock file"):
        with LockLocalStorage(str(tmp_path / "obj")):
            pass
    assert target.read_bytes() == b"keep me"
    assert local_lock._thread_locks  # the thread lock was released again
    for lock in local_lock._thread_locks.values():
        assert not lock.locked()

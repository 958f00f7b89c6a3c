"""Issue 19 item 4: the local driver never leaves its root, and odd names give clear errors, not debris.

The races are made deterministic: the folder is swapped for a symlink right
after the driver's checks ran (by wrapping the step that follows them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from libcloud.storage.drivers.local import LocalStorageDriver
from libcloud.storage.transfer.download import AtomicFileWriter
from libcloud.storage.types import ObjectDoesNotExistError, ObjectError

pytestmark = pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="POSIX descriptor operations")


@pytest.fixture
def setup(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "obj").write_bytes(b"SECRET OUTSIDE")
    driver = LocalStorageDriver(str(root))
    container = driver.create_container("c")
    return driver, container, root, outside


def _swap(root: Path, outside: Path) -> None:
    """Replace the container's folder ``sub`` by a symlink leading outside (what an attacker does)."""
    os.rename(str(root / "c" / "sub"), str(root / "c" / "sub-moved"))
    os.symlink(str(outside / "sub"), str(root / "c" / "sub"))


def test_a_folder_swapped_for_a_symlink_during_an_upload_is_not_followed(setup, monkeypatch) -> None:
    driver, container, root, outside = setup
    driver.upload_object_via_stream(iter([b"first"]), container, "sub/other")
    original = AtomicFileWriter.open

    def open_after_swap(self: AtomicFileWriter) -> AtomicFileWriter:
        _swap(root, outside)  # after every check of the driver, before the file is created
        return original(self)

    monkeypatch.setattr(AtomicFileWriter, "open", open_after_swap)
    try:
        driver.upload_object_via_stream(iter([b"new data"]), container, "sub/new")
    except (ObjectError, OSError):
        pass  # failing is fine; writing outside is not
    assert sorted(p.name for p in (outside / "sub").iterdir()) == ["obj"]  # nothing written outside
    assert (root / "c" / "sub-moved" / "new").read_bytes() == b"new data"  # it went where it was checked
    assert (outside / "sub" / "obj").read_bytes() == b"SECRET OUTSIDE"


def test_a_folder_swapped_for_a_symlink_before_a_read_is_not_followed(setup, monkeypatch) -> None:
    driver, container, root, outside = setup
    obj = driver.upload_object_via_stream(iter([b"inside"]), container, "sub/obj")
    original = LocalStorageDriver._object_path

    def checked_then_swapped(self: LocalStorageDriver, container_name: str, object_name: str) -> str:
        path = original(self, container_name, object_name)
        if not (root / "c" / "sub").is_symlink():
            _swap(root, outside)
        return path

    monkeypatch.setattr(LocalStorageDriver, "_object_path", checked_then_swapped)
    with pytest.raises((ObjectError, ObjectDoesNotExistError)):
        b"".join(driver.download_object_as_stream(obj))


def test_a_300_character_name_is_a_clear_error_and_leaves_nothing(setup) -> None:
    driver, container, root, _ = setup
    with pytest.raises(ObjectError, match="longer than"):
        driver.upload_object_via_stream(iter([b"x"]), container, "folder/" + "n" * 300)
    assert list((root / "c").iterdir()) == []


def test_a_very_deep_name_is_a_clear_error_and_leaves_nothing(setup) -> None:
    driver, container, root, _ = setup
    with pytest.raises(ObjectError, match="deep|longer"):
        driver.upload_object_via_stream(iter([b"x"]), container, "d/" * 3000 + "obj")
    assert list((root / "c").iterdir()) == []


def _remove_chain(top: Path) -> None:
    """Remove ``top/d/d/.../leaf`` without recursion: pytest's own clean-up (rmtree) would hit the limit."""
    while (top / "d").is_dir():
        inner = top / "d"
        for entry in inner.iterdir():
            if entry.name != "d":
                entry.unlink()
        if (inner / "d").is_dir():
            os.rename(str(inner / "d"), str(top / ".lift"))
            inner.rmdir()
            os.rename(str(top / ".lift"), str(inner))
        else:
            inner.rmdir()


def test_listing_a_tree_deeper_than_the_recursion_limit_works(setup) -> None:
    driver, container, root, _ = setup
    try:
        fd = os.open(str(root / "c"), os.O_RDONLY)
        try:
            for _ in range(1200):  # 1,200 levels (2,400 characters): more than Python's recursion limit
                os.mkdir("d", dir_fd=fd)
                child = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = child
            leaf = os.open("leaf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(leaf, b"deep")
            os.close(leaf)
        finally:
            os.close(fd)
        names = [o.name for o in driver.iterate_container_objects(container)]
        assert names == ["d/" * 1200 + "leaf"]
    finally:
        _remove_chain(root / "c")
        assert not (root / "c" / "d").exists()


def test_a_failed_upload_leaves_no_empty_folders(setup) -> None:
    driver, container, root, _ = setup

    def broken():
        yield b"some"
        raise OSError("the source broke")

    with pytest.raises(OSError, match="source broke"):
        driver.upload_object_via_stream(broken(), container, "new/deeper/obj")
    assert list((root / "c").iterdir()) == []
    driver.upload_object_via_stream(iter([b"keep"]), container, "kept/a")
    with pytest.raises(OSError):
        driver.upload_object_via_stream(broken(), container, "kept/b/c")
    assert sorted(p.name for p in (root / "c" / "kept").iterdir()) == ["a"]

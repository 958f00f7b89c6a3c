"""The libcloud fsspec filesystem beyond fsspec's abstract suite: registration, pandas, writes, pickling."""

from __future__ import annotations

import os
import pickle
from importlib import metadata

import pytest

from libcloud.storage.filesystem import LibcloudFileSystem
from tests.storage.fsspec.conftest import fsspec

MiB = 1024 * 1024


def test_registered_through_the_entry_point():
    names = {ep.name: ep.value for ep in metadata.entry_points(group="fsspec.specs")}
    if "libcloud" not in names:
        if os.environ.get("CI"):
            pytest.fail("libcloud-ng is installed in CI, so its fsspec.specs entry point must be there")
        pytest.skip("libcloud-ng is not installed here (pip install -e .): no entry points")
    assert names["libcloud"] == "libcloud.storage.filesystem:LibcloudFileSystem"
    assert fsspec.get_filesystem_class("libcloud") is LibcloudFileSystem


def test_listing_info_and_ranges(lfs):
    lfs.pipe("box/a/b/c.txt", b"0123456789")
    lfs.pipe("box/a/top.txt", b"x")
    assert lfs.ls("box", detail=False) == ["box/a"]
    assert lfs.ls("box/a", detail=False) == ["box/a/b", "box/a/top.txt"]
    assert lfs.info("box/a/b")["type"] == "directory"
    info = lfs.info("box/a/b/c.txt")
    assert (info["type"], info["size"]) == ("file", 10)
    assert lfs.cat_file("box/a/b/c.txt", 2, 5) == b"234"
    assert lfs.cat_file("box/a/b/c.txt", -3) == b"789"
    assert lfs.find("box") == ["box/a/b/c.txt", "box/a/top.txt"]
    assert lfs.glob("box/**/*.txt") == ["box/a/b/c.txt", "box/a/top.txt"]
    assert lfs.ls("", detail=False) == ["box"]
    with pytest.raises(FileNotFoundError):
        lfs.info("box/nope")
    with pytest.raises(FileNotFoundError):
        lfs.ls("missing-container")
    with lfs.open("box/a/b/c.txt", "rb", block_size=4) as handle:
        handle.seek(6)
        assert handle.read(2) == b"67" and handle.read() == b"89"


def test_large_write_is_a_streamed_multipart_upload(lfs):
    data = os.urandom(11 * MiB + 5)
    with lfs.open("box/big.bin", "wb", block_size=5 * MiB) as handle:
        for start in range(0, len(data), MiB):
            handle.write(data[start:start + MiB])
    assert lfs.info("box/big.bin")["size"] == len(data)
    assert lfs.cat("box/big.bin") == data
    with lfs.open("box/big.bin", "rb") as handle:
        handle.seek(7 * MiB)
        assert handle.read(MiB) == data[7 * MiB:8 * MiB]


def test_a_failed_write_leaves_no_object(lfs):
    with pytest.raises(RuntimeError):
        with lfs.open("box/partial.bin", "wb", block_size=5 * MiB) as handle:
            handle.write(b"x" * (6 * MiB))  # the upload is under way
            raise RuntimeError("the writer fails")
    assert not lfs.exists("box/partial.bin")
    with pytest.raises(RuntimeError):
        with lfs.open("box/small.bin", "wb") as handle:
            handle.write(b"tiny")
            raise RuntimeError("the writer fails")
    assert not lfs.exists("box/small.bin")


def test_put_get_many_and_rm(lfs, tmp_path):
    src = tmp_path / "src"
    for index in range(20):
        (src / ("d%d" % (index % 2))).mkdir(parents=True, exist_ok=True)
        (src / ("d%d" % (index % 2)) / ("f%02d" % index)).write_bytes(b"%d" % index)
    lfs.put(str(src) + "/", "box/up", recursive=True)
    assert len(lfs.find("box/up")) == 20
    lfs.get("box/up/", str(tmp_path / "down") + "/", recursive=True)
    assert sorted(p.name for p in (tmp_path / "down").rglob("f*")) == ["f%02d" % i for i in range(20)]
    lfs.copy("box/up/d0", "box/copy", recursive=True)
    assert len(lfs.find("box/copy")) == 10
    lfs.rm("box/up", recursive=True)
    assert not lfs.exists("box/up") and lfs.exists("box/copy/f00")


def test_containers_are_directories(lfs):
    lfs.mkdir("second")
    assert lfs.isdir("second")
    with pytest.raises(FileExistsError):
        lfs.makedirs("second")
    lfs.makedirs("second", exist_ok=True)
    lfs.rmdir("second")
    assert not lfs.exists("second")


def test_pickles_for_workers(lfs):
    lfs.pipe("box/p.txt", b"pickled")
    clone = pickle.loads(pickle.dumps(lfs))
    assert clone.cat("box/p.txt") == b"pickled"
    wrapped = LibcloudFileSystem(driver=lfs.driver, skip_instance_cache=True)
    assert pickle.loads(pickle.dumps(wrapped)).cat("box/p.txt") == b"pickled"


def test_pandas_csv_and_parquet_round_trip(lfs):
    pandas = pytest.importorskip("pandas") if not os.environ.get("CI") else __import__("pandas")
    frame = pandas.DataFrame({"name": ["a", "b", "c"], "value": [1.5, 2.5, 3.5]})
    options = lfs.storage_options
    fsspec.register_implementation("libcloud", LibcloudFileSystem, clobber=True)
    frame.to_csv("libcloud://box/frame.csv", index=False, storage_options=options)
    assert pandas.read_csv("libcloud://box/frame.csv", storage_options=options).equals(frame)
    if not os.environ.get("CI"):
        pytest.importorskip("pyarrow")
    frame.to_parquet("libcloud://box/frame.parquet", storage_options=options)
    assert pandas.read_parquet("libcloud://box/frame.parquet", storage_options=options).equals(frame)
    assert lfs.info("box/frame.parquet")["size"] > 0

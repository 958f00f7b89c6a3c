"""``LibcloudAsyncFileSystem``: fsspec's async API over libcloud.asyncio drivers, on the local driver and S3."""

from __future__ import annotations

import asyncio

import pytest

from tests.storage.fsspec.conftest import KEY, SECRET

pytest.importorskip("aiohttp")

from libcloud.storage.filesystem import LibcloudAsyncFileSystem  # noqa: E402


@pytest.fixture(params=["local", "s3"])
def options(request, tmp_path):
    """Constructor arguments for each driver."""
    if request.param == "local":
        root = tmp_path / "root"
        root.mkdir()
        return {"provider": "local", "key": str(root)}
    moto = request.getfixturevalue("moto")
    return {"provider": "s3", "key": KEY, "secret": SECRET, "region": "eu-west-1", "host": moto.host,
            "port": moto.port, "secure": False}


def test_coroutines(options, tmp_path):
    async def scenario():
        fs = LibcloudAsyncFileSystem(asynchronous=True, skip_instance_cache=True, **options)
        try:
            await fs._mkdir("box")
            await fs._pipe_file("box/a/one.txt", b"0123456789")
            await fs._pipe({"box/a/two.txt": b"two", "box/b/three.txt": b"three"})
            assert await fs._ls("box", detail=False) == ["box/a", "box/b"]
            assert (await fs._info("box/a/one.txt"))["size"] == 10
            assert (await fs._info("box/a"))["type"] == "directory"
            assert await fs._cat_file("box/a/one.txt", 2, 5) == b"234"
            assert await fs._cat(["box/a/two.txt", "box/b/three.txt"]) == {"box/a/two.txt": b"two",
                                                                          "box/b/three.txt": b"three"}
            assert await fs._find("box") == ["box/a/one.txt", "box/a/two.txt", "box/b/three.txt"]
            await fs._get("box/a/", str(tmp_path / "down") + "/", recursive=True)
            assert (tmp_path / "down" / "one.txt").read_bytes() == b"0123456789"
            (tmp_path / "up.txt").write_bytes(b"uploaded")
            await fs._put_file(str(tmp_path / "up.txt"), "box/up.txt")
            await fs._cp_file("box/up.txt", "box/copy.txt")
            assert await fs._cat_file("box/copy.txt") == b"uploaded"
            await fs._rm("box/a", recursive=True)
            assert not await fs._exists("box/a/one.txt")
            with pytest.raises(FileNotFoundError):
                await fs._info("box/nope")
        finally:
            await fs.close()

    asyncio.run(scenario())


def test_blocking_twins_and_files(options):
    fs = LibcloudAsyncFileSystem(skip_instance_cache=True, **options)
    fs.mkdir("box")
    fs.pipe("box/x.bin", b"abc" * 1000)
    assert fs.cat_file("box/x.bin", -3) == b"abc"
    with fs.open("box/x.bin", "rb") as handle:
        handle.seek(3)
        assert handle.read(3) == b"abc"
    with fs.open("box/y.bin", "wb") as handle:
        handle.write(b"written")
    assert fs.cat("box/y.bin") == b"written"


def _declared_specs():
    """The ``fsspec.specs`` entry points setup.py declares (what an install registers)."""
    import ast
    import pathlib
    from importlib import metadata

    tree = ast.parse((pathlib.Path(__file__).parents[3] / "setup.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "fsspec.specs":
                    specs = ast.literal_eval(value)
                    return [metadata.EntryPoint(*(part.strip() for part in spec.split("=")), "fsspec.specs")
                            for spec in specs]
    return []


def test_registered_as_libcloud_async(monkeypatch, tmp_path):
    import importlib

    import fsspec

    registry_module = importlib.import_module("fsspec.registry")  # ``fsspec.registry`` is the read-only view
    entry_points = {ep.name: ep for ep in _declared_specs()}
    assert entry_points["libcloud-async"].load() is LibcloudAsyncFileSystem
    # What fsspec does with an installed entry point, without depending on this checkout being installed.
    for name, ep in entry_points.items():
        monkeypatch.setitem(registry_module._registry, name, ep.load())
    root = tmp_path / "root"
    (root / "box").mkdir(parents=True)
    (root / "box" / "a.txt").write_bytes(b"through the registry")
    fs = fsspec.filesystem("libcloud-async", provider="local", key=str(root), skip_instance_cache=True)
    assert isinstance(fs, LibcloudAsyncFileSystem)
    assert fs.cat("libcloud-async://box/a.txt") == b"through the registry"
    with fsspec.open("libcloud-async://box/a.txt", "rb", provider="local", key=str(root)) as handle:
        assert handle.read() == b"through the registry"
    assert fsspec.get_filesystem_class("libcloud").protocol == "libcloud"

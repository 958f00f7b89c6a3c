import hashlib
import os
import stat
import threading
import tracemalloc

import pytest

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers import local as local_module
from libcloud.storage.drivers.local import LocalStorageDriver
from libcloud.storage.drivers.local_lock import LockLocalStorage, NoOpLockLocalStorage
from libcloud.storage.providers import get_driver
from libcloud.storage.transfer import TEMP_PREFIX
from libcloud.storage.types import ContainerDoesNotExistError, InvalidContainerNameError, ObjectError, Provider

MiB = 1024 * 1024


@pytest.fixture
def root(tmp_path):
    path = tmp_path / "root"
    path.mkdir()
    return path


@pytest.fixture
def driver(root):
    return LocalStorageDriver(str(root))


@pytest.fixture
def container(driver):
    return driver.create_container("c")


def test_registry_and_constructor(root, tmp_path):
    assert get_driver(Provider.LOCAL) is LocalStorageDriver
    d = LocalStorageDriver(str(root), ex_use_locking=False)
    assert d.base_path == str(root) and d.use_locking is False
    assert isinstance(d._get_lock(str(root)), NoOpLockLocalStorage)
    with pytest.raises(LibcloudError, match="The base path is not a directory"):
        LocalStorageDriver(str(tmp_path / "missing"))


def test_layout_is_folders_and_files(driver, container, root):
    driver.upload_object_via_stream(iter([b"data"]), container, "a/b/c.txt")
    assert (root / "c" / "a" / "b" / "c.txt").read_bytes() == b"data"
    assert driver.get_container_cdn_url(container) == str(root / "c")
    obj = driver.get_object("c", "a/b/c.txt")
    assert driver.get_object_cdn_url(obj) == str(root / "c" / "a" / "b" / "c.txt")
    assert set(obj.extra) == {"creation_time", "access_time", "modify_time"}
    assert oct(os.stat(root / "c" / "a" / "b" / "c.txt").st_mode & 0o777) == oct(0o664)


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "a\\b", ".lock", ".hash"])
def test_invalid_container_names(driver, name):
    with pytest.raises(InvalidContainerNameError):
        driver.create_container(name)


@pytest.mark.parametrize(
    "name", ["../escape", "a/../../escape", "/etc/passwd", "a//b", "./a", "a/.", "", "dir/", TEMP_PREFIX + "x"]
)
def test_object_names_cannot_escape_or_alias(driver, container, root, name):
    with pytest.raises(ObjectError, match="Invalid object name"):
        driver.upload_object_via_stream(iter([b"x"]), container, name)
    with pytest.raises(ObjectError):
        driver.get_object("c", name)
    assert not (root.parent / "escape").exists()


def test_symlinks_leading_outside_are_refused(driver, container, root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"secret")
    os.symlink(outside, root / "c" / "link")
    os.symlink(outside / "secret", root / "c" / "file-link")
    with pytest.raises(ObjectError, match="outside"):
        driver.upload_object_via_stream(iter([b"x"]), container, "link/new")
    with pytest.raises(ObjectError, match="outside"):
        driver.get_object("c", "link/secret")
    with pytest.raises(ObjectError, match="outside"):
        driver.get_object("c", "file-link")
    bogus = Object("file-link", 6, None, None, None, container, driver)
    with pytest.raises(ObjectError):
        list(driver.download_object_as_stream(bogus))
    assert [o.name for o in driver.list_container_objects(container)] == []
    assert not (outside / "new").exists()
    os.symlink(outside, root / "linked-container")
    with pytest.raises(InvalidContainerNameError):
        driver.get_container("linked-container")
    assert [c.name for c in driver.list_containers()] == ["c"]


def test_symlink_inside_container_is_fine(driver, container, root):
    driver.upload_object_via_stream(iter([b"real"]), container, "real")
    os.symlink(root / "c" / "real", root / "c" / "alias")
    assert driver.get_object("c", "alias").size == 4


def test_listing_is_sorted_and_skips_temp_and_lock_folders(driver, container, root):
    for name in ["a0", "a/c", "a.txt", "a-b", "z"]:
        driver.upload_object_via_stream(iter([b"1"]), container, name)
    (root / "c" / (TEMP_PREFIX + "partial.part")).write_bytes(b"half")
    (root / "c" / ".lock").mkdir()
    (root / "c" / ".lock" / "x").write_bytes(b"")
    (root / "c" / "emptydir").mkdir()
    names = [o.name for o in driver.iterate_container_objects(container)]
    assert names == sorted(["a0", "a/c", "a.txt", "a-b", "z"])


def test_hash_is_real_md5_and_cached_until_the_file_changes(driver, container, root):
    obj = driver.upload_object_via_stream(iter([b"one"]), container, "f")
    assert obj.hash == hashlib.md5(b"one").hexdigest()
    path = root / "c" / "f"
    path.write_bytes(b"changed outside libcloud")
    assert driver.get_object("c", "f").hash == hashlib.md5(b"changed outside libcloud").hexdigest()


def test_delete_prunes_empty_folders_but_not_the_container(driver, container, root):
    obj = driver.upload_object_via_stream(iter([b"x"]), container, "a/b/c")
    driver.upload_object_via_stream(iter([b"x"]), container, "a/keep")
    driver.delete_object(obj)
    assert not (root / "c" / "a" / "b").exists()
    assert (root / "c" / "a" / "keep").exists()
    driver.delete_object(driver.get_object("c", "a/keep"))
    assert os.listdir(root / "c") == []


def test_cdn_helpers(driver, root):
    ghost = Container("new", None, driver)
    assert driver.enable_container_cdn(ghost) is True
    assert (root / "new").is_dir()
    obj = Object("touched", 0, None, None, None, ghost, driver)
    assert driver.enable_object_cdn(obj) is True
    assert (root / "new" / "touched").exists()
    assert driver.enable_object_cdn(obj) is False
    with pytest.raises(ContainerDoesNotExistError):
        driver.get_container_cdn_url(Container("nope", None, driver), check=True)


def test_range_beyond_size_is_value_error(driver, container):
    obj = driver.upload_object_via_stream(iter([b"0123456789"]), container, "f")
    # Streams are generators, as upstream's: the range is checked when reading starts.
    stream = driver.download_object_range_as_stream(obj, 0, 11)
    with pytest.raises(ValueError, match="end_bytes is larger than file size"):
        next(stream)
    with pytest.raises(ValueError):
        list(driver.download_object_range_as_stream(obj, 11))
    assert list(driver.download_object_range_as_stream(obj, 10)) == []
    with pytest.raises(ValueError, match="start_bytes must be greater than 0"):
        driver.download_object_range(obj, str(container.driver.base_path), -1)  # before the destination check


def test_failed_upload_leaves_old_object_and_no_temp_files(driver, container, root):
    driver.upload_object_via_stream(iter([b"old"]), container, "f")

    def broken():
        yield b"new data"
        raise ConnectionError("source died")

    with pytest.raises(ConnectionError):
        driver.upload_object_via_stream(broken(), container, "f")
    assert (root / "c" / "f").read_bytes() == b"old"
    assert os.listdir(root / "c") == ["f"]


def test_exception_mid_download_keeps_old_destination(driver, container, tmp_path, monkeypatch):
    obj = driver.upload_object_via_stream(iter([b"x" * (3 * MiB)]), container, "big")
    dest = tmp_path / "dest.bin"
    dest.write_bytes(b"previous")
    real_read_span = LocalStorageDriver._read_span

    def failing(handle, start, end, chunk_size):
        for i, chunk in enumerate(real_read_span(handle, start, end, chunk_size)):
            if i == 1:
                raise OSError("disk read error")
            yield chunk

    monkeypatch.setattr(LocalStorageDriver, "_read_span", staticmethod(failing))
    assert driver.download_object(obj, str(dest), overwrite_existing=True) is False
    assert dest.read_bytes() == b"previous"
    assert [n for n in os.listdir(tmp_path) if n.startswith(TEMP_PREFIX)] == []


def test_download_detects_content_not_matching_known_hash(driver, container, root, tmp_path, monkeypatch):
    obj = driver.upload_object_via_stream(iter([b"abcdef"]), container, "f")
    path = str(root / "c" / "f")
    # Pretend the cache knew a different digest for this very file version.
    driver._hashes.put(path, os.stat(path), "0" * 32)
    from libcloud.storage.types import ObjectHashMismatchError

    with pytest.raises(ObjectHashMismatchError):
        driver.download_object(obj, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_concurrent_writers_produce_exactly_one_writers_content(driver, container, root):
    writers = 6
    size = 2 * MiB
    barrier = threading.Barrier(writers)
    errors = []

    def write(i):
        def chunks():
            barrier.wait()
            block = bytes([65 + i]) * (64 * 1024)
            for _ in range(size // len(block)):
                yield block

        try:
            driver.upload_object_via_stream(chunks(), container, "shared")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    content = (root / "c" / "shared").read_bytes()
    assert len(content) == size
    assert len(set(content)) == 1 and content[0] in range(65, 65 + writers)
    assert os.listdir(root / "c") == ["shared"]


def test_64_mib_stream_upload_and_download_keep_memory_bounded(driver, container, tmp_path):
    block = os.urandom(64 * 1024)

    def generated():
        for _ in range(1024):  # 64 MiB
            yield block

    tracemalloc.start()
    try:
        obj = driver.upload_object_via_stream(generated(), container, "big")
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        assert driver.download_object(obj, str(tmp_path / "big.out")) is True
        for _ in driver.download_object_as_stream(obj, chunk_size=MiB):
            pass
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert obj.size == 64 * MiB
    assert os.path.getsize(tmp_path / "big.out") == 64 * MiB
    assert upload_peak < 8 * MiB
    assert download_peak < 8 * MiB


def test_progress_callbacks(driver, container, tmp_path):
    src = tmp_path / "src"
    src.write_bytes(b"x" * 2500000)
    seen = []
    obj = driver.upload_object(str(src), container, "p", ex_progress_callback=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2500000, 2500000) and len(seen) >= 2
    seen.clear()
    driver.download_object(obj, str(tmp_path / "out"), ex_progress_callback=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2500000, 2500000)


def test_lock_excludes_threads_and_times_out(tmp_path):
    path = str(tmp_path / "obj")
    with LockLocalStorage(path, timeout=5) as held:
        assert os.path.exists(held.lock_file_path)
        result = []

        def contender():
            try:
                with LockLocalStorage(path, timeout=0.05):
                    result.append("acquired")
            except LibcloudError as exc:
                result.append(str(exc))

        t = threading.Thread(target=contender)
        t.start()
        t.join()
        assert "Failed to acquire thread lock" in result[0]
    with LockLocalStorage(path, timeout=0.05):
        pass  # released: free again


def test_lock_files_are_bounded_whatever_the_number_of_objects(tmp_path):
    from libcloud.storage.drivers.local_lock import STRIPES, lock_folder

    paths = {LockLocalStorage(str(tmp_path / ("obj-%d" % i))).lock_file_path for i in range(5000)}
    assert len(paths) == STRIPES  # 5,000 objects, never more than STRIPES lock files
    folder = lock_folder()
    assert all(os.path.dirname(p) == folder for p in paths)  # a private 0700 folder of this user
    assert stat.S_IMODE(os.lstat(folder).st_mode) == 0o700
    same = LockLocalStorage(str(tmp_path / "obj-1"))
    assert same.lock_file_path == LockLocalStorage(str(tmp_path / "obj-1")).lock_file_path


def test_lock_uses_flock_between_processes(tmp_path):
    import subprocess
    import sys

    path = str(tmp_path / "obj")
    code = (
        "import sys; from libcloud.storage.drivers.local_lock import LockLocalStorage\n"
        "from libcloud.common.types import LibcloudError\n"
        "try:\n    LockLocalStorage(sys.argv[1], timeout=0.05).__enter__(); print('acquired')\n"
        "except LibcloudError as exc:\n    print(exc.value)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    with LockLocalStorage(path):
        out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.startswith("Failed to acquire IPC lock"), out.stderr
    assert local_module.LockLocalStorage is LockLocalStorage

"""``libcloud.storage.transfer.sync`` / ``transfer_many`` on the local driver and on S3 (moto)."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from libcloud.storage.transfer import DriverSpec, ObjectRef, Remote, plan_sync, run_plan, sync, transfer_many
from libcloud.storage.transfer.download import TEMP_PREFIX
from libcloud.storage.transfer.endpoints import as_spec
from tests.storage.bulk.conftest import KEY, SECRET, make_tree, read_tree, s3_driver, sample_files


def names(driver, container="box", prefix=None):
    return sorted(o.name for o in driver.list_container_objects(driver.get_container(container), prefix=prefix))


@pytest.fixture(params=["local", "s3"])
def store(request):
    """Each test runs on the local driver and on S3 (moto)."""
    return request.getfixturevalue("local_driver" if request.param == "local" else "s3")


def test_round_trip_rerun_and_delete(store, tree, tmp_path):
    first = sync(str(tree), Remote(store, "box", "pre"))
    assert first.ok and first.summary()["transferred"] == len(sample_files())
    assert first.summary()["bytes"] == sum(map(len, sample_files().values()))
    assert names(store) == sorted("pre/" + n for n in sample_files())

    again = sync(str(tree), Remote(store, "box", "pre"))
    assert again.summary() == {"dry_run": False, "transferred": 0, "skipped": len(sample_files()), "deleted": 0,
                               "failed": 0, "bytes": 0}

    down = tmp_path / "down"
    assert sync(Remote(store, "box", "pre"), str(down)).summary()["transferred"] == len(sample_files())
    assert read_tree(down) == sample_files()
    assert sync(Remote(store, "box", "pre"), str(down)).summary()["transferred"] == 0

    (tree / "top.txt").write_bytes(b"changed, and longer\n")
    os.remove(tree / "dir0/sub/file-00.bin")
    kept = sync(str(tree), Remote(store, "box", "pre"))
    assert kept.summary()["transferred"] == 1 and kept.summary()["deleted"] == 0
    assert "pre/dir0/sub/file-00.bin" in names(store)
    removed = sync(str(tree), Remote(store, "box", "pre"), delete=True)
    assert removed.summary()["deleted"] == 1 and removed.summary()["transferred"] == 0
    assert "pre/dir0/sub/file-00.bin" not in names(store)


def test_same_size_change_is_found_by_hash(store, tree):
    sync(str(tree), Remote(store, "box"))
    (tree / "top.txt").write_bytes(b"HELLO\n")  # same size; the mtime may even be the same second
    result = sync(str(tree), Remote(store, "box"))
    assert result.summary()["transferred"] == 1
    assert b"".join(store.download_object_as_stream(store.get_object("box", "top.txt"))) == b"HELLO\n"


def test_dry_run_changes_nothing(store, tree):
    result = sync(str(tree), Remote(store, "box"), dry_run=True)
    assert result.report is None and result.summary()["dry_run"] is True
    assert result.summary()["transferred"] == len(sample_files())
    assert names(store) == []


def test_include_and_exclude(store, tree, tmp_path):
    sync(str(tree), Remote(store, "box"), exclude=["dir1/*", "*.txt"], include=["dir1/sub/file-04.bin"])
    expected = [n for n in sample_files() if not n.startswith("dir1/") and n != "top.txt"]
    assert names(store) == sorted(expected + ["dir1/sub/file-04.bin"])
    only = tmp_path / "only"
    sync(Remote(store, "box"), str(only), include=["dir2/*"])
    assert sorted(read_tree(only)) == sorted(n for n in sample_files() if n.startswith("dir2/"))


def test_failures_are_reported_and_the_rest_syncs(store, tree, tmp_path):
    sync(str(tree), Remote(store, "box"))
    down = tmp_path / "down"
    (down / "top.txt").mkdir(parents=True)  # a folder where a file must go: that download fails
    (down / "top.txt" / "x").write_bytes(b"x")
    result = sync(Remote(store, "box"), str(down))
    assert not result.ok
    assert result.summary()["failed"] == 1 and result.summary()["transferred"] == len(sample_files()) - 1
    [failure] = result.report.failures
    assert failure.destination.endswith("top.txt") and failure.error
    assert not [n for n in os.listdir(down) if n.startswith(TEMP_PREFIX)]  # no half-written file anywhere


def test_interrupted_sync_resumes_with_the_rest(store, tree):
    plan = plan_sync(str(tree), Remote(store, "box"))
    done = 5
    first = plan.copies[:done]
    plan.copies = first  # as if the run had been stopped after five objects
    assert run_plan(plan).transferred == done
    rest = sync(str(tree), Remote(store, "box"))
    assert rest.summary()["transferred"] == len(sample_files()) - done
    assert rest.summary()["skipped"] == done


def test_source_vanishing_between_plan_and_copy_fails_only_that_object(store, tree):
    plan = plan_sync(str(tree), Remote(store, "box"))
    os.remove(tree / "top.txt")
    report = run_plan(plan)
    assert report.failed == 1 and report.transferred == len(sample_files()) - 1
    assert "top.txt" not in names(store)


def test_leftover_temp_files_are_not_objects(local_driver, tree, tmp_path):
    down = tmp_path / "down"
    down.mkdir()
    (down / (TEMP_PREFIX + "stale")).write_bytes(b"half")  # left by a killed download
    sync(str(tree), Remote(local_driver, "box"))
    result = sync(Remote(local_driver, "box"), str(down), delete=True)
    assert result.summary()["deleted"] == 0


def test_transfer_many_pairs_and_outcomes(store, tmp_path):
    files = make_tree(tmp_path / "src", {"a": b"1" * 10, "b": b"2" * 20})
    report = transfer_many([(str(files / "a"), ObjectRef(store, "box", "x/a")),
                            (str(files / "b"), ObjectRef(store, "box", "x/b")),
                            (str(files / "missing"), ObjectRef(store, "box", "x/c"))], concurrency=2)
    assert (report.transferred, report.failed, report.bytes) == (2, 1, 30)
    back = transfer_many([(ObjectRef(store, "box", "x/b"), str(tmp_path / "b.copy"))])
    assert back.ok and (tmp_path / "b.copy").read_bytes() == b"2" * 20


def test_provider_to_provider_copy(local_driver, s3, tree, tmp_path):
    sync(str(tree), Remote(local_driver, "box", "from"))
    result = sync(Remote(local_driver, "box", "from"), Remote(s3, "box", "to"))
    assert result.ok and result.summary()["transferred"] == len(sample_files())
    assert sync(Remote(local_driver, "box", "from"), Remote(s3, "box", "to")).summary()["transferred"] == 0
    sync(Remote(s3, "box", "to"), str(tmp_path / "back"))
    assert read_tree(tmp_path / "back") == sample_files()


def test_azure_round_trip_and_rerun(azure, tree, tmp_path):
    driver, container = azure
    assert sync(str(tree), Remote(driver, container, "pre")).summary()["transferred"] == len(sample_files())
    assert sync(str(tree), Remote(driver, container, "pre")).summary()["transferred"] == 0
    (tree / "top.txt").write_bytes(b"HELLO\n")  # same size: the blob's Content-MD5 tells the difference
    assert sync(str(tree), Remote(driver, container, "pre")).summary()["transferred"] == 1
    down = tmp_path / "down"
    assert sync(Remote(driver, container, "pre"), str(down)).summary()["transferred"] == len(sample_files())
    assert sync(Remote(driver, container, "pre"), str(down)).summary()["transferred"] == 0
    expected = dict(sample_files(), **{"top.txt": b"HELLO\n"})
    assert read_tree(down) == expected
    os.remove(tree / "top.txt")
    assert sync(str(tree), Remote(driver, container, "pre"), delete=True).summary()["deleted"] == 1


def test_multipart_objects_compare_by_time(moto, tmp_path):
    # Above the threshold S3 gives a multipart ETag, which is no MD5: size and time decide.
    driver = s3_driver(moto, ex_multipart_threshold=5 * 1024 * 1024, ex_part_size=5 * 1024 * 1024)
    driver.create_container("box")
    big = make_tree(tmp_path / "big", {"big.bin": os.urandom(6 * 1024 * 1024)})
    assert sync(str(big), Remote(driver, "box")).summary()["transferred"] == 1
    assert "-" in driver.get_object("box", "big.bin").hash
    assert sync(str(big), Remote(driver, "box")).summary()["transferred"] == 0
    down = tmp_path / "down"
    assert sync(Remote(driver, "box"), str(down)).summary()["transferred"] == 1
    assert sync(Remote(driver, "box"), str(down)).summary()["transferred"] == 0
    future = os.path.getmtime(big / "big.bin") + 3600
    os.utime(big / "big.bin", (future, future))  # touched later: copied again
    assert sync(str(big), Remote(driver, "box")).summary()["transferred"] == 1


def test_missing_destination_container_stops_before_anything(local_driver, tree):
    from libcloud.storage.types import ContainerDoesNotExistError

    with pytest.raises(ContainerDoesNotExistError):
        sync(str(tree), Remote(local_driver, "nope"))


def test_drivers_travel_as_specs(moto, local_driver):
    s3 = s3_driver(moto)
    # S3 drivers pickle, as upstream's do (their connections keep no thread-local state): as_spec
    # sends a driver that pickles as it is.
    assert as_spec(s3) is s3
    assert pickle.loads(pickle.dumps(s3)).connection.port == moto.port
    spec = DriverSpec(type(s3), (KEY, SECRET), (("host", moto.host), ("port", moto.port), ("region", "eu-west-1"),
                                               ("secure", False)))
    assert "SECRET" not in repr(spec) and "wJal" not in repr(spec)
    rebuilt = pickle.loads(pickle.dumps(spec)).driver()
    assert type(rebuilt) is type(s3) and rebuilt.connection.port == moto.port
    assert rebuilt is pickle.loads(pickle.dumps(spec)).driver()  # one driver per process
    # Every driver pickles now (its locks and caches are rebuilt): the local driver travels as it is too.
    assert as_spec(local_driver) is local_driver
    assert pickle.loads(pickle.dumps(local_driver)).base_path == local_driver.base_path
    assert DriverSpec.of("local", local_driver.base_path).driver().base_path == local_driver.base_path


def test_process_pool_executor(store, tree, tmp_path):
    with ProcessPoolExecutor(max_workers=2) as pool:
        up = sync(str(tree), Remote(store, "box", "p"), executor=pool)
        down = sync(Remote(store, "box", "p"), str(tmp_path / "down"), executor=pool)
    assert up.ok and up.summary()["transferred"] == len(sample_files())
    assert down.ok and read_tree(tmp_path / "down") == sample_files()

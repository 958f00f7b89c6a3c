"""Bulk transfers on a Dask ``LocalCluster``: drivers travel as specs to worker processes."""

from __future__ import annotations

import os

import pytest

from libcloud.storage.transfer import DriverSpec, ObjectRef, Remote, sync, transfer_many
from tests.storage.bulk.conftest import make_tree, read_tree, sample_files

# CI installs distributed (requirements-test.txt): there a missing package fails instead of skipping.
distributed = __import__("distributed") if os.environ.get("CI") else pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """Two worker processes (one thread each) on loopback; closed after the module."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


def test_sync_on_a_dask_cluster(client, moto, tree, tmp_path):
    from tests.storage.bulk.conftest import KEY, SECRET, s3_driver

    s3 = s3_driver(moto)
    s3.create_container("box")
    # S3 drivers pickle, so they could travel as they are; a spec makes each worker build its own.
    spec = DriverSpec(type(s3), (KEY, SECRET), (("host", moto.host), ("port", moto.port), ("region", "eu-west-1"),
                                                ("secure", False)))
    up = sync(str(tree), Remote(spec, "box", "dask"), executor=client)
    assert up.ok and up.summary()["transferred"] == len(sample_files())
    assert sync(str(tree), Remote(spec, "box", "dask"), executor=client).summary()["transferred"] == 0
    down = sync(Remote(s3, "box", "dask"), str(tmp_path / "down"), executor=client.get_executor())
    assert down.ok and read_tree(tmp_path / "down") == sample_files()
    # The uploads ran in the workers: they built drivers from the spec.
    built = client.run(_drivers_built)
    assert len(built) == 2 and sum(built.values()) >= 1


def _drivers_built() -> int:
    from libcloud.storage.transfer import endpoints

    return len(endpoints._DRIVERS)


def test_transfer_many_reports_failures_from_workers(client, local_driver, tmp_path):
    src = make_tree(tmp_path / "src", {"a": b"a" * 5})
    report = transfer_many([(str(src / "a"), ObjectRef(local_driver, "box", "a")),
                            (str(src / "gone"), ObjectRef(local_driver, "box", "gone"))], executor=client)
    assert (report.transferred, report.failed) == (1, 1)
    assert "gone" in report.failures[0].source and report.failures[0].error

"""fsspec's own abstract test suite (``fsspec.tests.abstract``) on the local driver and on S3 (moto)."""

from __future__ import annotations

import posixpath

import pytest

from tests.storage.fsspec.conftest import local_fs, s3_fs

abstract = pytest.importorskip("fsspec.tests.abstract")


class LocalFixtures(abstract.AbstractFixtures):
    """The suite's fixtures for the local driver: paths ``box/<test>`` in a fresh folder."""

    @pytest.fixture
    def fs(self, tmp_path):
        root = tmp_path / "libcloud-root"
        root.mkdir()
        return local_fs(root)

    @pytest.fixture
    def fs_join(self):
        return posixpath.join

    @pytest.fixture
    def fs_path(self):
        return "box/tests"

    @pytest.fixture
    def supports_empty_directories(self):
        return False  # object stores (and the driver's listing) only know objects


class S3Fixtures(LocalFixtures):
    """The same on moto's S3."""

    @pytest.fixture
    def fs(self, moto):
        return s3_fs(moto)


class TestLocalCopy(abstract.AbstractCopyTests, LocalFixtures):
    pass


class TestLocalGet(abstract.AbstractGetTests, LocalFixtures):
    pass


class TestLocalPut(abstract.AbstractPutTests, LocalFixtures):
    pass


class TestLocalOpen(abstract.AbstractOpenTests, LocalFixtures):
    pass


class TestLocalPipe(abstract.AbstractPipeTests, LocalFixtures):
    pass


class TestS3Copy(abstract.AbstractCopyTests, S3Fixtures):
    pass


class TestS3Get(abstract.AbstractGetTests, S3Fixtures):
    pass


class TestS3Put(abstract.AbstractPutTests, S3Fixtures):
    pass


class TestS3Open(abstract.AbstractOpenTests, S3Fixtures):
    pass


class TestS3Pipe(abstract.AbstractPipeTests, S3Fixtures):
    pass

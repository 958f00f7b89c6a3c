"""The compute conformance suite against the Linode v4 driver on the scripted Linode API.

Key pairs and volumes are left out: Linode's ``create_key_pair(name, public_key)`` and
``create_volume(name, size, ...)`` keep upstream's signatures, not the ones the suite calls.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
from tests.compute.conformance import (  # noqa: F401 - the suite's classes and fixtures run here
    TestComputeListings,
    TestComputeNodeLifecycle,
    TestComputeRegistration,
    TestComputeUnsupported,
    TestComputeUuids,
    TestComputeWaitUntilRunning,
    compute_wait_kwargs,
)
from tests.compute.linode.fakes import TOKEN, LinodeAPI
from tests.fakes.http_server import LocalServer


@pytest.fixture
def linode_api() -> Iterator[LinodeAPI]:
    with LocalServer() as server:
        api = LinodeAPI(server)
        api.unique_labels = False
        yield api


@pytest.fixture
def compute_driver(linode_api: LinodeAPI) -> Any:
    driver = get_driver(Provider.LINODE)(TOKEN, host="127.0.0.1", port=linode_api.server.port, secure=False)
    driver.connection.retry_delay = 0
    return driver


@pytest.fixture
def compute_node_kwargs(compute_driver: Any) -> Dict[str, Any]:
    return {"location": compute_driver.list_locations()[0], "name": "conformance-node",
            "size": compute_driver.list_sizes()[0], "image": compute_driver.list_images()[0],
            "root_pass": "conformance-Root-pass1"}

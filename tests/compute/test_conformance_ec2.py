"""The compute conformance suite against the EC2 driver on a real moto server."""

import pytest

import tests.compute.conformance as conformance
from tests.compute.conformance import *  # noqa: F401,F403
from tests.compute.ec2.helpers import first_image, moto_driver, size
from tests.compute.ec2.test_ec2_moto import PUBKEY


@pytest.fixture(autouse=True)
def _real_public_key(monkeypatch):
    # moto parses imported keys, so the suite's placeholder key is swapped for a real one.
    monkeypatch.setattr(conformance, "PUBLIC_KEY", PUBKEY)


@pytest.fixture
def compute_driver(moto):
    return moto_driver(moto)


@pytest.fixture
def compute_node_kwargs(compute_driver):
    return {"name": "conformance-node", "size": size(compute_driver), "image": first_image(compute_driver)}

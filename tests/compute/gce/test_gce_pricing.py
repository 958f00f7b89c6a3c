"""Machine-type prices from the shipped pricing file (per vCPU and GB, per region)."""

from __future__ import annotations

import pytest

from libcloud.compute.drivers.gce.pricing import machine_price

TABLE = {
    "n1": {"cpu": {"on_demand": {"us-central1": {"price": 0.03}}}, "ram": {"on_demand": {"us-central1": {"price": 0.004}}}},
    "n1_custom": {"cpu": {"on_demand": {"us-central1": {"price": 0.033}}},
                  "ram": {"on_demand": {"us-central1": {"price": 0.0045}}}},
    "f1": {"cpu": {"on_demand": {"us-central1": {"price": 0.0076}}}},
}


@pytest.mark.parametrize("name, region, vcpus, memory, expected", [
    ("n1-standard-2", "us-central1", 2, 7680, 0.03 * 2 + 0.004 * 7.5),
    ("custom-4-8192", "us-central1", 4, 8192, 0.033 * 4 + 0.0045 * 8),
    ("f1-micro", "us-central1", 1, 614, 0.0076),
    ("n1-standard-2", "mars-north1", 2, 7680, None),
    ("z9-mega-1", "us-central1", 1, 1024, None),
    ("n1-standard-2", None, 2, 7680, None),
])
def test_prices_from_a_table(name, region, vcpus, memory, expected):
    price = machine_price(name, region, vcpus, memory, table=TABLE)
    assert price == (pytest.approx(expected) if expected is not None else None)


def test_the_shipped_file_prices_n1_standard_1_in_us_central1():
    # Google's published on-demand price of n1-standard-1 there is $0.0475 an hour.
    assert machine_price("n1-standard-1", "us-central1", 1, 3840) == pytest.approx(0.0475, abs=0.0005)

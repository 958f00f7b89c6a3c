"""Shared pytest configuration: server fixtures live in tests/servers/."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

pytest_plugins = [
    "tests.servers.fixtures",
    "tests.runners",
    "tests.docs_site",
    "tests.network_guard",
]

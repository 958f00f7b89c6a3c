import pytest

# conformance.py holds shared test functions; give them pytest's assertion messages.
pytest.register_assert_rewrite(__name__.rpartition(".")[0] + ".conformance")

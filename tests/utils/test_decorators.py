import pytest

from libcloud._core.flow import Sleep, operation
from libcloud.common.types import LibcloudError, MalformedResponseError
from libcloud.utils.decorators import wrap_non_libcloud_exceptions


class FakeDriver:
    name = "fake"

    @wrap_non_libcloud_exceptions
    def explode(self, exc):
        raise exc

    @wrap_non_libcloud_exceptions
    def fine(self, value):
        return value * 2

    @operation
    @wrap_non_libcloud_exceptions
    def flow_method(self, exc):
        yield Sleep(0)
        if exc is not None:
            raise exc
        return "done"


def test_return_values_pass_through():
    assert FakeDriver().fine(21) == 42
    assert FakeDriver.fine.__name__ == "fine"


def test_foreign_exceptions_become_libcloud_errors_with_the_driver():
    driver = FakeDriver()
    with pytest.raises(LibcloudError) as info:
        driver.explode(KeyError("bork"))
    assert info.value.driver is driver
    assert "bork" in info.value.value
    assert isinstance(info.value.__cause__, KeyError)


def test_libcloud_errors_are_left_alone():
    original = MalformedResponseError("bad body", body="x")
    with pytest.raises(MalformedResponseError) as info:
        FakeDriver().explode(original)
    assert info.value is original


def test_xmlrpc_fault_string_is_used_as_message():
    class Fault:
        string = "fault text"

    class FaultError(Exception):
        fault = Fault()

    with pytest.raises(LibcloudError) as info:
        FakeDriver().explode(FaultError("generic"))
    assert info.value.value == "fault text"


def test_plain_function_without_arguments_has_no_driver():
    @wrap_non_libcloud_exceptions
    def func():
        raise ValueError("nope")

    with pytest.raises(LibcloudError) as info:
        func()
    assert info.value.driver is None
    assert info.value.value == "nope"


def test_flow_methods_are_wrapped_while_they_run():
    driver = FakeDriver()
    assert driver.flow_method(None) == "done"
    with pytest.raises(LibcloudError) as info:
        driver.flow_method(RuntimeError("late failure"))
    assert info.value.driver is driver
    assert info.value.value == "late failure"

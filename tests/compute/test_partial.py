import pytest

from libcloud._core.flow import Sleep, operation
from libcloud.common.types import LibcloudError, PartialFailureError
from libcloud.compute.base import KeyPair, Node
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.partial import CreatedResources, describe_resource, track_created
from libcloud.compute.types import NodeState


@pytest.fixture
def driver():
    return DummyNodeDriver(0)


def test_nothing_created_lets_the_original_error_through(driver):
    with pytest.raises(KeyError):
        with track_created(driver, "create_node"):
            raise KeyError("first step failed")


def test_success_returns_normally(driver):
    with track_created(driver) as created:
        node = created.add(driver.create_node("n", None, None))
    assert created.items == [node] and len(created) == 1 and list(created) == [node]


def test_failure_after_creating_reports_every_resource(driver):
    cause = RuntimeError("quota exceeded")
    with pytest.raises(PartialFailureError) as info:
        with track_created(driver, "create_node") as created:
            key = created.add(KeyPair("deploy-key", "ssh-rsa AAA", "fp", driver))
            node = created.add(driver.create_node("n", None, None))
            raise cause
    err = info.value
    assert isinstance(err, LibcloudError)
    assert err.created == [key, node] and err.cause is cause and err.__cause__ is cause
    assert err.driver is driver
    message = str(err.value)
    assert message.startswith("create_node failed after creating 2 resource(s)")
    assert "KeyPair name=deploy-key" in message and "Node id=3 name=dummy-3" in message
    assert "clean them up" in message and "quota exceeded" in message


def test_discarded_resources_are_not_reported(driver):
    with pytest.raises(PartialFailureError) as info:
        with track_created(driver) as created:
            a = created.add(driver.create_node("a", None, None))
            b = created.add(driver.create_node("b", None, None))
            created.discard(a)
            raise ValueError("later")
    assert info.value.created == [b]


def test_only_exceptions_are_wrapped(driver):
    with pytest.raises(KeyboardInterrupt):
        with track_created(driver) as created:
            created.add(driver.create_node("a", None, None))
            raise KeyboardInterrupt


def test_nested_trackers_merge_into_one_report(driver):
    with pytest.raises(PartialFailureError) as info:
        with track_created(driver, "outer") as outer:
            first = outer.add(driver.create_node("a", None, None))
            with track_created(driver, "inner") as inner:
                second = inner.add(driver.create_node("b", None, None))
                raise OSError("network")
    assert info.value.created == [first, second]


def test_works_inside_operation_flows(driver, run_flow):
    class Creator:
        @operation
        def create_pair(self):
            with track_created(driver, "create_pair") as created:
                created.add(driver.create_node("a", None, None))
                yield Sleep(1)
                created.add(driver.create_node("b", None, None))
                yield Sleep(1)
                raise LibcloudError("third step failed")

    with pytest.raises(PartialFailureError) as info:
        run_flow(Creator().create_pair)
    assert [n.name for n in info.value.created] == ["dummy-3", "dummy-4"]
    assert isinstance(info.value.cause, LibcloudError)


def test_describe_and_repr():
    node = Node("i-1", "web", NodeState.RUNNING, [], [], DummyNodeDriver(0))
    assert describe_resource(node) == "Node id=i-1 name=web"
    assert describe_resource(object()).startswith("object <object object")
    created = CreatedResources()
    assert repr(created) == "<CreatedResources (none)>" and not created
    created.add(node)
    assert repr(created) == "<CreatedResources Node id=i-1 name=web>" and created

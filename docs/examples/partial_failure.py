"""Report and clean up what a failed multi-step operation created."""

from libcloud.common.types import PartialFailureError
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.partial import track_created

driver = DummyNodeDriver("any key")
size, image = driver.list_sizes()[0], driver.list_images()[0]


def create_pair():
    """Create two nodes; the second step fails on purpose."""
    with track_created(driver, "create_pair") as created:
        first = driver.create_node(name="a", size=size, image=image)
        created.add(first)
        raise RuntimeError("quota exceeded while creating the second node")


try:
    create_pair()
except PartialFailureError as exc:
    print(exc)
    for resource in exc.created:
        driver.destroy_node(resource)
    print("cleaned up", [r.name for r in exc.created])

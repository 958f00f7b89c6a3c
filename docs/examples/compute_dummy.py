"""Sizes with prices, images, a new node, and waiting for it (Dummy driver)."""

from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider

driver = get_driver(Provider.DUMMY)("any key")
for size in driver.list_sizes():
    print("%-8s %6d MB RAM  %4d GB disk  %s/hour" % (size.name, size.ram, size.disk, size.price))

image = driver.list_images()[0]
node = driver.create_node(name="web-1", size=driver.list_sizes()[0], image=image)
[(ready, addresses)] = driver.wait_until_running([node], wait_period=0.1, timeout=10)
print(ready.name, ready.state == NodeState.RUNNING, addresses)
print("nodes:", [n.name for n in driver.list_nodes()])
driver.destroy_node(node)

"""A first script: the same code works with every compute provider (here the embedded Dummy one)."""

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider

cls = get_driver(Provider.DUMMY)  # Provider.EC2, ... for a real cloud
driver = cls("any key")  # a real provider takes its credentials here
for node in driver.list_nodes():
    print(node.name, node.state, node.public_ips)

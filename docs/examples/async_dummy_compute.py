"""Create three nodes concurrently with the asyncio API (Dummy driver: no account needed)."""

import asyncio

from libcloud.asyncio.compute.providers import get_driver
from libcloud.compute.types import Provider


async def main() -> None:
    async with get_driver(Provider.DUMMY)("any key") as driver:
        size = (await driver.list_sizes())[0]
        image = (await driver.list_images())[0]
        nodes = await asyncio.gather(*[
            driver.create_node(name="web-%d" % i, size=size, image=image) for i in range(3)
        ])
        ready = await driver.wait_until_running(nodes, wait_period=0.1, timeout=10)
        for node, addresses in ready:
            print(node.name, node.state, addresses)


if __name__ == "__main__":
    asyncio.run(main())

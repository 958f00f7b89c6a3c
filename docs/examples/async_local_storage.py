"""Stream an upload from an async generator and read it back, with the Local driver."""

import asyncio
import tempfile

from libcloud.asyncio.storage.providers import get_driver
from libcloud.storage.types import Provider


async def produce():
    for i in range(10):
        yield ("line %d\n" % i).encode()


async def main() -> None:
    with tempfile.TemporaryDirectory() as root:
        async with get_driver(Provider.LOCAL)(root) as driver:
            container = await driver.create_container("logs")
            obj = await driver.upload_object_via_stream(produce(), container, "today.txt")
            print("uploaded", obj.name, obj.size, "bytes")
            async for chunk in driver.download_object_as_stream(obj, chunk_size=16):
                print(chunk)
            names = [o.name async for o in driver.iterate_container_objects(container)]
            print(names)


if __name__ == "__main__":
    asyncio.run(main())

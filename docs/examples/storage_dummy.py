"""The in-memory Dummy storage driver: a stand-in for a real provider in tests."""

from libcloud.storage.providers import get_driver
from libcloud.storage.types import ContainerIsNotEmptyError, Provider

driver = get_driver(Provider.DUMMY)("any key")
container = driver.create_container("backups")
obj = driver.upload_object_via_stream(iter([b"monday\n", b"tuesday\n"]), container, "days.txt")
print(obj.name, obj.size, "bytes")
print(b"".join(driver.download_object_as_stream(obj)))
print(driver.get_meta_data())
try:
    driver.delete_container(container)
except ContainerIsNotEmptyError:
    print("not empty: delete the objects first")
driver.delete_object(obj)
print("container deleted:", driver.delete_container(container))

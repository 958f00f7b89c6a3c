"""Zones and records with the Dummy DNS driver, exported in BIND format."""

from libcloud.dns.providers import get_driver
from libcloud.dns.types import Provider, RecordType

driver = get_driver(Provider.DUMMY)("key", "secret")
zone = driver.create_zone("example.org", ttl=3600)
driver.create_record("www", zone, RecordType.A, "192.0.2.1", extra={"ttl": 300})
driver.create_record("", zone, RecordType.MX, "mail.example.org.", extra={"priority": 10})
for record in driver.iterate_records(zone):
    print(record.type, record.name or "@", record.data)
print(driver.export_zone_to_bind_format(zone))

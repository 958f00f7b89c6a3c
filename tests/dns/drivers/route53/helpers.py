"""Building Route53 drivers for the tests (moto server or a requests-mock URL)."""

from libcloud._core.retry import RetryPolicy
from libcloud.dns.drivers.route53 import Route53DNSDriver

MOCK_HOST = "127.0.0.1"
MOCK_PORT = 8953
#: Our tests speak the API version AWS documents today (the driver defaults to upstream's 2012-02-29).
API_VERSION = "2013-04-01"
MOCK_URL = "http://%s:%d/%s/" % (MOCK_HOST, MOCK_PORT, API_VERSION)


def moto_driver(endpoint, **kwargs):
    return Route53DNSDriver("AKIDMOTO", "motosecret", host=endpoint.host, port=endpoint.port, secure=False,
                            api_version=API_VERSION, **kwargs)


def mock_driver(**kwargs):
    """A driver for requests-mock tests; retries do not wait."""
    driver = Route53DNSDriver("AKIDMOCK", "mocksecret", host=MOCK_HOST, port=MOCK_PORT, secure=False,
                              api_version=API_VERSION, **kwargs)
    driver.connection.retry_policy = RetryPolicy(base_delay=0.0, max_delay=0.0)
    return driver

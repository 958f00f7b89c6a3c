"""Test code that uses a driver without a cloud: requests-mock, libcloud.test.MockHttp, the Dummy driver."""

import requests_mock

from libcloud.common.base import ConnectionKey, JsonResponse
from libcloud.compute.base import Node, NodeDriver
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
from libcloud.test import MockHttp


class WidgetConnection(ConnectionKey):
    host = "api.widgets.example"
    responseCls = JsonResponse


class WidgetDriver(NodeDriver):
    """The driver under test: one list call."""

    connectionCls = WidgetConnection
    name = "Widgets"

    def list_nodes(self):
        machines = self.connection.request("/v2/widgets").object["widgets"]
        return [Node(w["id"], w["name"], "running", [], [], self) for w in machines]


def names(driver):
    """The code under test: it only knows the libcloud API."""
    return sorted(node.name for node in driver.list_nodes())


# 1. requests-mock: works on any driver, nothing to change in the driver.
with requests_mock.Mocker() as mocker:
    mocker.get("https://api.widgets.example/v2/widgets", json={"widgets": [{"id": "1", "name": "b"},
                                                                            {"id": "2", "name": "a"}]})
    print("requests-mock:", names(WidgetDriver("key")))


# 2. MockHttp, as in Apache Libcloud test suites: /v2/widgets is answered by _v2_widgets.
class WidgetMockHttp(MockHttp):
    def _v2_widgets(self, method, url, body, headers):
        return 200, '{"widgets": [{"id": "3", "name": "c"}]}', {"Content-Type": "application/json"}, "OK"


WidgetConnection.conn_class = WidgetMockHttp
print("MockHttp:", names(WidgetDriver("key")))

# 3. The Dummy driver stands in for a real provider.
print("Dummy:", names(get_driver(Provider.DUMMY)("any key")))

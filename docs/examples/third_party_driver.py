"""A small third-party driver: a connection with hooks, a response class, a registered driver."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from libcloud._core.flow import operation
from libcloud.common.base import ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError
from libcloud.compute.base import Node, NodeDriver
from libcloud.compute.providers import get_driver, set_driver


class WidgetResponse(JsonResponse):
    def parse_error(self):
        if self.status == 401:
            raise InvalidCredsError("the Widgets API refused the token")
        return super().parse_error()


class WidgetConnection(ConnectionKey):
    responseCls = WidgetResponse

    def add_default_headers(self, headers):
        headers["Authorization"] = "Bearer " + self.key
        return headers


class WidgetNodeDriver(NodeDriver):
    connectionCls = WidgetConnection
    name = "Widgets"

    @operation
    def list_nodes(self):
        response = yield self.connection.call("/v1/machines")
        return [Node(m["id"], m["name"], "running", m["ips"], [], self) for m in response.object["machines"]]


class FakeWidgetsAPI(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"machines": [{"id": "m-1", "name": "alpha", "ips": ["192.0.2.7"]}]}).encode()
        self.send_response(200 if self.headers["Authorization"] == "Bearer t0k3n" else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWidgetsAPI)
threading.Thread(target=server.serve_forever, daemon=True).start()
try:
    set_driver("widgets", __name__, "WidgetNodeDriver")
    cls = get_driver("widgets")
    driver = cls("t0k3n", host="127.0.0.1", port=server.server_address[1], secure=False)
    print([(n.name, n.public_ips) for n in driver.list_nodes()])
    try:
        cls("wrong", host="127.0.0.1", port=server.server_address[1], secure=False).list_nodes()
    except InvalidCredsError as exc:
        print("refused:", exc)
finally:
    server.shutdown()

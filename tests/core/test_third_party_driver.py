"""A third-party-style driver built on the upstream classes, tested with MockHttp."""

from __future__ import annotations

import json


from libcloud.common.base import BaseDriver, ConnectionUserAndKey, JsonResponse
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.types import InvalidCredsError, MalformedResponseError
from libcloud.test import LibcloudTestCase, MockHttp, multipleresponse

CALLS = []


class WidgetResponse(JsonResponse):
    def success(self):
        return self.status in (200, 201, 204)

    def parse_error(self):
        if self.status == 401:
            raise InvalidCredsError("bad widget credentials")
        body = super().parse_error()
        return body.get("message", body) if isinstance(body, dict) else body


class WidgetConnection(ConnectionUserAndKey):
    host = "api.widgets.example"
    responseCls = WidgetResponse

    def morph_action_hook(self, action):
        CALLS.append("morph_action_hook")
        return super().morph_action_hook("/v2" + action)

    def add_default_params(self, params):
        CALLS.append("add_default_params")
        params["account"] = self.user_id
        return params

    def add_default_headers(self, headers):
        CALLS.append("add_default_headers")
        headers["Authorization"] = "Token " + self.key
        headers["Content-Type"] = "application/json"
        return headers

    def encode_data(self, data):
        CALLS.append("encode_data")
        return json.dumps(data)

    def pre_connect_hook(self, params, headers):
        CALLS.append("pre_connect_hook")
        headers["X-Signed"] = "sig-%s" % sorted(params)
        return params, headers


class WidgetDriver(BaseDriver):
    connectionCls = WidgetConnection
    name = "Widgets"

    def __init__(self, key, secret=None, ex_flavour="plain", **kwargs):
        self.ex_flavour = ex_flavour
        super().__init__(key, secret, **kwargs)

    def _ex_connection_class_kwargs(self):
        return {"timeout": 12}

    def list_widgets(self):
        return self.connection.request("/widgets").object["widgets"]

    def create_widget(self, name):
        return self.connection.request("/widgets", data={"name": name}, method="POST").object


class WidgetMockHttp(MockHttp):
    def _v2_widgets(self, method, url, body, headers):
        self.assertEqual(headers["Authorization"], "Token secret-key")
        self.assertUrlContainsQueryParams(url, {"account": "user-1"})
        if method == "POST":
            self.assertEqual(json.loads(body), {"name": "w3"})
            return 201, json.dumps({"id": 3, "name": "w3"}), {"content-type": "application/json"}, "Created"
        return 200, json.dumps({"widgets": [{"id": 1}, {"id": 2}]}), {}, "OK"

    def _v2_widgets_UNAUTHORIZED(self, method, url, body, headers):
        return 401, '{"message": "no"}', {}, "Unauthorized"

    def _v2_widgets_BROKEN(self, method, url, body, headers):
        return 200, "{not json", {}, "OK"

    def _v2_widgets_NOTFOUND(self, method, url, body, headers):
        return 404, '{"message": "no such widget"}', {}, "Not Found"

    @multipleresponse
    def _v2_widgets_SEQUENCE(self, method, url, body, headers):
        return [
            (200, '{"widgets": [1]}', {}, "OK"),
            (200, '{"widgets": [1, 2]}', {}, "OK"),
        ]


class WidgetDriverTests(LibcloudTestCase):
    def setUp(self):
        super().setUp()
        WidgetConnection.conn_class = WidgetMockHttp
        WidgetMockHttp.type = None
        WidgetMockHttp.test = self
        self.driver = WidgetDriver("user-1", "secret-key", ex_flavour="fancy")

    def tearDown(self):
        WidgetMockHttp.test = None

    def test_list(self):
        CALLS.clear()
        self.assertEqual(self.driver.list_widgets(), [{"id": 1}, {"id": 2}])
        self.assertEqual(CALLS, ["morph_action_hook", "add_default_params", "add_default_headers",
                                 "pre_connect_hook"])
        self.assertExecutedMethodCount(1)

    def test_create_encodes_data_in_hook_order(self):
        CALLS.clear()
        self.assertEqual(self.driver.create_widget("w3")["id"], 3)
        self.assertEqual(CALLS, ["morph_action_hook", "add_default_params", "add_default_headers", "encode_data",
                                 "pre_connect_hook"])

    def test_errors(self):
        WidgetMockHttp.type = "UNAUTHORIZED"
        with self.assertRaises(InvalidCredsError):
            self.driver.list_widgets()
        WidgetMockHttp.type = "BROKEN"
        with self.assertRaises(MalformedResponseError):
            self.driver.list_widgets()
        WidgetMockHttp.type = "NOTFOUND"
        with self.assertRaises(BaseHTTPError) as info:
            self.driver.list_widgets()
        self.assertEqual(info.exception.code, 404)
        self.assertEqual(str(info.exception), "no such widget")

    def test_multipleresponse(self):
        WidgetMockHttp.type = "SEQUENCE"
        self.assertEqual(self.driver.list_widgets(), [1])
        self.assertEqual(self.driver.list_widgets(), [1, 2])
        self.assertEqual(self.driver.list_widgets(), [1, 2])

    def test_connection_kwargs_and_positional_construction(self):
        conn = self.driver.connection
        self.assertEqual(conn.user_id, "user-1")
        self.assertEqual(conn.key, "secret-key")
        self.assertEqual(conn.timeout, 12)
        self.assertIs(conn.driver, self.driver)
        self.assertTrue(conn.connection.host.startswith("https://api.widgets.example"))

    def test_missing_handler_is_an_attribute_error(self):
        WidgetMockHttp.type = "NO_SUCH_TYPE"
        with self.assertRaises(AttributeError):
            self.driver.list_widgets()


def test_handler_names_follow_the_upstream_rules():
    mock = MockHttp(host="example.com", port=443)
    assert mock._get_method_name(None, None, {}, "/v2/droplets") == "_v2_droplets"
    assert mock._get_method_name("UNAUTHORIZED", None, {}, "/v2/droplets") == "_v2_droplets_UNAUTHORIZED"
    assert mock._get_method_name(None, "Action", {"Action": ["DescribeInstances"]}, "/") == "__DescribeInstances"
    assert mock._get_method_name(None, None, {}, "") == "root"
    # As upstream: "~" is named "%7E" here; the handler looked up is "_a_b_c__7Ex".
    assert mock._get_method_name(None, None, {}, "/a.b-c/~x") == "_a_b_c_%7Ex"


def test_requests_mock_works_on_a_driver_without_touching_its_connection(requests_mock):
    WidgetConnection.conn_class = __import__("libcloud.http", fromlist=["x"]).LibcloudConnection
    requests_mock.get("https://api.widgets.example/v2/widgets?account=u", json={"widgets": ["x"]})
    driver = WidgetDriver("u", "k")
    assert driver.list_widgets() == ["x"]
    assert requests_mock.last_request.headers["Authorization"] == "Token k"


def test_unknown_kwargs_are_dropped_and_known_ones_reach_the_connection():
    WidgetConnection.conn_class = WidgetMockHttp
    driver = WidgetDriver("u", "k", proxy_url="http://127.0.0.1:3128", retry_delay=3, backoff=2, whatever=1)
    assert driver.connection.proxy_url == "http://127.0.0.1:3128"
    assert driver.connection.retry_delay == 3 and driver.connection.backoff == 2


def test_use_param_also_matches_form_encoded_bodies():
    class ActionMock(MockHttp):
        use_param = "Action"

        def _DescribeThings(self, method, url, body, headers):
            return 200, '{"things": []}', {}, "OK"

    mock = ActionMock(host="example.com", port=443)
    status, body, _, _ = mock._get_request("POST", "/", "Action=DescribeThings&Version=1", {})
    assert status == 200 and "things" in body

from libcloud.http import LibcloudConnection
from libcloud.utils.loggingconnection import LoggingConnection


def test_is_a_libcloud_connection_with_upstream_attributes():
    assert issubclass(LoggingConnection, LibcloudConnection)
    assert LoggingConnection.log is None
    assert LoggingConnection.protocol == "https"
    assert LoggingConnection.http_proxy_used is False


def test_builds_like_its_base():
    conn = LoggingConnection(host="127.0.0.1", port=8080, secure=False)
    try:
        assert conn.host == "http://127.0.0.1:8080"
        assert conn.log is None
    finally:
        conn.close()

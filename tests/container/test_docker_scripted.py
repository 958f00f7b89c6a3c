"""The Docker driver against a scripted Engine API over TCP, TLS with a client certificate, and a Unix socket.

No Docker daemon runs here (the ``docker`` client is installed, ``dockerd`` is
not), so a stateful in-memory engine stands in for it.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from libcloud.container.drivers.docker import DockerContainerDriver, DockerException
from libcloud.container.types import ContainerState
from tests.container.fake_engines import FakeDocker
from tests.fakes.http_server import make_self_signed_cert
from tests.servers.scripted_api import ScriptedServer


def _lifecycle(driver: DockerContainerDriver) -> None:
    image = driver.install_image("nginx:1.25")
    assert image.id and image.name == "nginx:1.25" and image.version == "1.25"
    assert [i.name for i in driver.list_images()] == ["nginx:1.25"]

    container = driver.deploy_container("web", image, environment={"MODE": "test"})
    assert (container.name, container.state) == ("web", ContainerState.RUNNING)
    assert container.ip_addresses == ["172.17.0.2"]
    assert [c.name for c in driver.list_containers()] == ["web"]

    stopped = container.stop()
    assert stopped.state == ContainerState.STOPPED
    assert driver.list_containers(all=False) == []
    assert driver.ex_rename_container(stopped, "web2").name == "web2"
    assert driver.ex_get_logs(stopped).strip() == "hello from web2"
    assert stopped.restart().state == ContainerState.RUNNING
    with pytest.raises(DockerException) as info:
        stopped.destroy()  # running again: the engine refuses
    assert info.value.code == 409
    stopped.stop()
    assert stopped.destroy() is True
    assert driver.list_containers() == []


def test_tcp():
    with ScriptedServer(FakeDocker()) as server:
        driver = DockerContainerDriver(host="127.0.0.1", port=server.port)
        _lifecycle(driver)
        assert server.paths()[0] == "POST /v1.24/images/create?fromImage=nginx%3A1.25"


def test_unix_socket():
    directory = tempfile.mkdtemp(prefix="libcloud-docker-")
    path = os.path.join(directory, "docker.sock")
    try:
        with ScriptedServer(FakeDocker(), unix_socket=path) as server:
            driver = DockerContainerDriver(host="unix://" + path)
            _lifecycle(driver)
            assert driver.ex_get_server_version()["ApiVersion"] == "1.24"
            assert len(server.paths()) > 10
    finally:
        os.rmdir(directory)


def _client_certificate(directory):
    """A CA and a client certificate it signs (extended key usage clientAuth), as PEM files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "client CA")])
    window = dict(not_valid_before=now - datetime.timedelta(minutes=5), not_valid_after=now + datetime.timedelta(days=1))
    ca = (x509.CertificateBuilder(subject_name=ca_name, issuer_name=ca_name, public_key=ca_key.public_key(),
                                  serial_number=x509.random_serial_number(), **window)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder(subject_name=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "client")]),
                                    issuer_name=ca_name, public_key=key.public_key(),
                                    serial_number=x509.random_serial_number(), **window)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [os.path.join(directory, name) for name in ("client-ca.pem", "client.pem", "client-key.pem")]
    for path, data in zip(paths, (ca.public_bytes(serialization.Encoding.PEM),
                                  cert.public_bytes(serialization.Encoding.PEM),
                                  key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption())), strict=True):
        with open(path, "wb") as handle:
            handle.write(data)
    return paths


def test_tls_with_a_client_certificate():
    server_certs = make_self_signed_cert()
    client_ca, client_cert, client_key = _client_certificate(server_certs.directory)
    with ScriptedServer(FakeDocker(), certfile=server_certs.cert, keyfile=server_certs.key,
                        client_ca=client_ca) as server:
        driver = DockerContainerDriver(host="https://127.0.0.1", port=server.port, key_file=client_key,
                                       cert_file=client_cert, ca_cert=server_certs.ca_cert)
        assert driver.connection.secure
        _lifecycle(driver)


def test_missing_image_is_a_docker_error():
    with ScriptedServer(FakeDocker()) as server:
        driver = DockerContainerDriver(host="http://127.0.0.1", port=server.port)
        from libcloud.container.base import ContainerImage

        with pytest.raises(DockerException) as info:
            driver.deploy_container("x", ContainerImage(None, "ghost", "ghost", None, driver))
        assert info.value.code == 404 and "No such image" in info.value.message


def test_joyent_is_the_docker_driver_on_port_2376():
    from libcloud.container.providers import get_driver
    from libcloud.container.types import Provider

    cls = get_driver(Provider.JOYENT)
    driver = cls(host="127.0.0.1")
    assert issubclass(cls, DockerContainerDriver)
    assert (driver.connection.port, driver.connection.secure, driver.name) == (2376, True, "Joyent Triton")


def test_tls_without_the_client_certificate_is_refused():
    from libcloud.common.exceptions import LibcloudConnectionError, SSLVerificationError

    server_certs = make_self_signed_cert()
    client_ca, _, _ = _client_certificate(server_certs.directory)
    with ScriptedServer(FakeDocker(), certfile=server_certs.cert, keyfile=server_certs.key,
                        client_ca=client_ca) as server:
        driver = DockerContainerDriver(host="https://127.0.0.1", port=server.port)
        driver.connection.connection.ca_cert = server_certs.ca_cert  # trust the server; present no certificate
        with pytest.raises((SSLVerificationError, LibcloudConnectionError)):
            driver.list_images()
        assert server.paths() == []

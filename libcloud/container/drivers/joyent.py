"""``JoyentContainerDriver``: Joyent Triton's Docker-compatible endpoint (the Docker driver over TLS)."""

from __future__ import annotations

from typing import Any, Optional

from libcloud.container.drivers.docker import DockerContainerDriver

__all__ = ["JoyentContainerDriver"]


class JoyentContainerDriver(DockerContainerDriver):
    """Triton: ``JoyentContainerDriver(host="us-east-1.docker.joyent.com", port=2376, key_file=..., cert_file=...)``.

    Triton authenticates Docker clients with the client certificate made from
    the account's SSH key (its ``sdc-docker-setup.sh`` writes ``key.pem`` and
    ``cert.pem``); everything else is the Docker driver.
    """

    type = "joyent"
    name = "Joyent Triton"
    website = "http://joyent.com"

    def __init__(self, key: str = "", secret: str = "", secure: bool = True, host: str = "localhost",
                 port: int = 2376, key_file: Optional[str] = None, cert_file: Optional[str] = None,
                 ca_cert: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, key_file=key_file,
                         cert_file=cert_file, ca_cert=ca_cert, **kwargs)

"""The error the CloudControl API reports (``responseCode``/``message`` or the legacy ``resultCode``)."""

from __future__ import annotations

from typing import Any

from libcloud.common.types import LibcloudError

__all__ = ["DimensionDataAPIException"]


class DimensionDataAPIException(LibcloudError):
    """An operation the API refused: ``code`` is the provider's response code, ``msg`` its message."""

    def __init__(self, code: Any, msg: Any, driver: Any) -> None:
        super().__init__(value=msg, driver=driver)
        self.code = code
        self.msg = msg
        self.driver = driver

    def __str__(self) -> str:
        return "%s: %s" % (self.code, self.msg)

    def __repr__(self) -> str:
        return "<DimensionDataAPIException: code='%s', msg='%s'>" % (self.code, self.msg)

"""The region set-up every CloudControl driver (compute, load balancer, backup) shares."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.dimensiondata.constants import API_ENDPOINTS, DEFAULT_REGION

__all__ = ["RegionalDriverMixin"]


class RegionalDriverMixin:
    """``region`` picks the API endpoint (``dd-na``, ``dd-au``...); ``host``/``port`` point elsewhere.

    Put before the service's driver base class: ``__init__`` checks the
    region and hands the endpoint and ``api_version`` to the connection.
    """

    selected_region: Optional[Dict[str, str]] = None

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: str = DEFAULT_REGION,
                 **kwargs: Any) -> None:
        if region not in API_ENDPOINTS and host is None:
            raise ValueError("Invalid region: %s, no host specified" % region)
        if region is not None and region in API_ENDPOINTS:
            self.selected_region = API_ENDPOINTS[region]
        self._api_version_arg = api_version
        self._host_arg = host
        # The service's driver base class comes after this mixin (typed loosely for that reason).
        base: Any = super()
        base.__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                      region=region, **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        base: Any = super()
        kwargs = dict(base._ex_connection_class_kwargs())
        # An explicit host wins over the region's endpoint.
        if self.selected_region is not None and getattr(self, "_host_arg", None) is None:
            kwargs["region"] = self.selected_region
        kwargs["api_version"] = getattr(self, "_api_version_arg", None)
        return kwargs

    @classmethod
    def list_regions(cls) -> List[str]:
        """Every region name (endpoint) the driver knows."""
        return sorted(API_ENDPOINTS)

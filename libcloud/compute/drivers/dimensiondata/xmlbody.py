"""Request bodies: the shared CloudControl XML helpers (:mod:`libcloud.common.dimensiondata.xmlbody`).

Kept under this name for the compute driver's modules; the load balancer and
backup drivers import the common module directly.
"""

from libcloud.common.dimensiondata.xmlbody import child, document, flag, object_id, optional, to_bytes

__all__ = ["document", "child", "flag", "to_bytes", "object_id", "optional"]

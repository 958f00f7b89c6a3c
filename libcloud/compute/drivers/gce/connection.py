"""The Compute Engine connection, listing helpers and ``GCEList`` (``ex_list``).

Operations (inserts, deletes, actions) answer with an *operation* that goes
PENDING -> RUNNING -> DONE; :meth:`GCEConnection.async_request_flow` polls it
to completion with the connection's deadline and raises the operation's own
error, so a failed action is an exception, not a silent ``DONE``.

``ex_list`` pages by hand: within a :class:`GCEList` iteration the first
listing request takes the list's ``maxResults`` / ``filter`` / ``pageToken``
and hands the next token back.  The list state lives in a context variable,
so threads and asyncio tasks never see each other's paging.
"""

from __future__ import annotations

import contextvars
from typing import Any, Callable, Dict, Iterator, List, Optional

from libcloud._core.flow import Flow
from libcloud.common.google import GoogleBaseConnection
from libcloud.common.google.errors import error_for
from libcloud.common.types import LibcloudError

__all__ = ["API_VERSION", "DEFAULT_TASK_COMPLETION_TIMEOUT", "GCEConnection", "GCEList", "page_params"]

API_VERSION = "v1"
DEFAULT_TASK_COMPLETION_TIMEOUT = 180

#: The paging state of the ``GCEList`` being iterated in this thread or task (``None`` outside one).
_LIST_PARAMS: "contextvars.ContextVar[Optional[Dict[str, Any]]]" = contextvars.ContextVar(
    "gce_list_params", default=None)


def page_params() -> Optional[Dict[str, Any]]:
    """Take the ``ex_list`` paging parameters for this one request (``None`` if none apply)."""
    params = _LIST_PARAMS.get()
    if not params:  # no page size, filter or token: the listing runs as usual
        return None
    _LIST_PARAMS.set(None)  # only the first request of the listing is paged by hand
    return params


class GCEConnection(GoogleBaseConnection):
    """Compute Engine API v1, paths under ``/compute/v1/projects/<project>``."""

    host = "www.googleapis.com"
    responseCls = GoogleBaseConnection.responseCls
    timeout = DEFAULT_TASK_COMPLETION_TIMEOUT

    def __init__(self, user_id: str, key: Any = None, secure: bool = True, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, project: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, auth_type=auth_type, credential_file=credential_file, secure=secure,
                         project=project, **kwargs)
        self.request_path = "/compute/%s/projects/%s" % (API_VERSION, project)
        self.gce_params: Optional[Dict[str, Any]] = None

    def async_request_flow(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                           method: str = "GET", context: Any = None) -> Flow[Any]:
        """Start an operation, poll it until ``DONE``, raise its error if it failed."""
        response = yield from super().async_request_flow(action, params, data, headers, method, context)
        body = getattr(response, "object", None) or {}
        if isinstance(body, dict) and body.get("error"):
            raise error_for(body["error"], int(body.get("httpErrorStatusCode") or 400),
                            getattr(self, "driver", None))
        return response


class GCEList:
    """Iterate a listing page by page: ``for page in driver.ex_list(driver.list_nodes).page(100)``.

    ``filter(expression)`` adds a server-side filter (``"name eq node-.*"``).
    Each iteration yields the list the listing method returns for one page.
    """

    def __init__(self, driver: Any, list_fn: Callable[..., List[Any]], **kwargs: Any) -> None:
        self.driver = driver
        self.list_fn = list_fn
        self.kwargs = kwargs
        self.params: Dict[str, Any] = {}

    def __iter__(self) -> Iterator[List[Any]]:
        seen = set()
        while True:
            params = dict(self.params)
            token = _LIST_PARAMS.set(params)
            try:
                page = self.list_fn(**self.kwargs)
            finally:
                _LIST_PARAMS.reset(token)
            yield page
            following = params.get("nextPageToken")
            if not following:
                return
            if following in seen:
                raise LibcloudError("The listing repeated its page token; stopping", driver=self.driver)
            seen.add(following)
            self.params["pageToken"] = following

    def __repr__(self) -> str:
        return "<GCEList list=%s params=%s>" % (getattr(self.list_fn, "__name__", self.list_fn), self.params)

    def filter(self, expression: str) -> "GCEList":
        """Only the items matching ``expression`` (Compute Engine filter syntax)."""
        self.params["filter"] = expression
        return self

    def page(self, max_results: int = 500) -> "GCEList":
        """At most ``max_results`` items per page."""
        self.params["maxResults"] = max_results
        return self

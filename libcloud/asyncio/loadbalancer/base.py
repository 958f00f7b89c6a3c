"""``AsyncLBDriver``: the load balancer API as coroutines."""

from __future__ import annotations

from typing import Any, List

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.loadbalancer.base import Driver, LoadBalancer, Member

__all__ = ["AsyncLBDriver"]


@documented_from(Driver)
class AsyncLBDriver(AsyncDriver):
    """Every load balancer ``Driver`` method, awaitable (``ex_*`` extras too)."""

    async def list_protocols(self) -> List[str]:
        return await self._call("list_protocols")

    async def list_balancers(self, *args: Any, **kwargs: Any) -> List[LoadBalancer]:
        return await self._call("list_balancers", *args, **kwargs)

    async def get_balancer(self, balancer_id: str, *args: Any, **kwargs: Any) -> LoadBalancer:
        return await self._call("get_balancer", balancer_id, *args, **kwargs)

    async def create_balancer(self, name: str, port: int, protocol: str, algorithm: Any, members: List[Member],
                              **kwargs: Any) -> LoadBalancer:
        return await self._call("create_balancer", name, port, protocol, algorithm, members,
                                **kwargs)

    async def destroy_balancer(self, balancer: LoadBalancer) -> bool:
        return await self._call("destroy_balancer", balancer)

    async def update_balancer(self, balancer: LoadBalancer, **kwargs: Any) -> LoadBalancer:
        return await self._call("update_balancer", balancer, **kwargs)

    async def balancer_attach_compute_node(self, balancer: LoadBalancer, node: Any) -> Member:
        return await self._call("balancer_attach_compute_node", balancer, node)

    async def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Member:
        return await self._call("balancer_attach_member", balancer, member)

    async def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> bool:
        return await self._call("balancer_detach_member", balancer, member)

    async def balancer_list_members(self, balancer: LoadBalancer) -> List[Member]:
        return await self._call("balancer_list_members", balancer)

    async def list_supported_algorithms(self) -> List[int]:
        return await self._call("list_supported_algorithms")

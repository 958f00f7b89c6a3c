"""The load balancer API under asyncio."""

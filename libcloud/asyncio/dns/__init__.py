"""The DNS API under asyncio."""

"""The container API under asyncio."""

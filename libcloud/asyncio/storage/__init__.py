"""The storage API under asyncio."""

"""The compute API under asyncio."""

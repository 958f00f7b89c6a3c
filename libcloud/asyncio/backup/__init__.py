"""The backup API under asyncio."""

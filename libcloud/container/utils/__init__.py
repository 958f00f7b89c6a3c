"""Helpers of the container API (Docker registries)."""

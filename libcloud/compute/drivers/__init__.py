"""Compute provider drivers; ``libcloud.compute.providers.DRIVERS`` maps constants to them."""

__all__ = ["dummy"]

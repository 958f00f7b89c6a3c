"""Exceptions raised by the pricing code itself.

Each one also derives from the builtin that upstream code raised in the same
situation (``ValueError`` for bad JSON, ``TypeError`` for a region lookup on
the wrong kind of table), so existing ``except`` clauses keep working.
"""

from __future__ import annotations

__all__ = [
    "PricingError",
    "InvalidPricingDataError",
    "PricingLookupError",
    "PricingDownloadError",
    "StalePricingDataError",
]


class PricingError(Exception):
    """Base class of the errors raised by :mod:`libcloud.pricing`."""


class InvalidPricingDataError(PricingError, ValueError):
    """A file or download is not pricing data (bad JSON, or the wrong shape)."""


class PricingLookupError(PricingError, ValueError, TypeError):
    """A price was asked for in a way the table cannot answer.

    For example a region-keyed table (``ec2_linux``) queried without a region.
    Upstream raised a bare ``TypeError`` from ``float(dict)`` here.
    """


class PricingDownloadError(PricingError):
    """A new pricing file could not be fetched (HTTP error, network, size cap)."""


class StalePricingDataError(PricingError):
    """The downloaded data is older than the data it would replace."""

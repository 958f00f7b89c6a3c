"""Helpers that drivers, including third-party ones, import from ``libcloud.utils.*``.

This package module itself only carries the warning helpers upstream exposes.
"""

from __future__ import annotations

import warnings

__all__ = [
    "SHOW_DEPRECATION_WARNING",
    "SHOW_IN_DEVELOPMENT_WARNING",
    "OLD_API_REMOVE_VERSION",
    "deprecated_warning",
    "in_development_warning",
]

#: Switches that let applications silence the two warnings below.
SHOW_DEPRECATION_WARNING = True
SHOW_IN_DEVELOPMENT_WARNING = True
OLD_API_REMOVE_VERSION = "0.7.0"


def deprecated_warning(module: str) -> None:
    """Warn that ``module`` is deprecated (once per call site, as warnings do)."""
    if SHOW_DEPRECATION_WARNING:
        _warn_caller("The %s module is deprecated and will be removed in a future release." % module, DeprecationWarning)


def in_development_warning(module: str) -> None:
    """Warn that the API of ``module`` is not stable yet."""
    if SHOW_IN_DEVELOPMENT_WARNING:
        _warn_caller("The %s module is in development; its API may still change." % module, FutureWarning)


def _warn_caller(message: str, category: type) -> None:
    # stacklevel 3: the warning names the code that called deprecated_warning / in_development_warning.
    warnings.warn(message, category=category, stacklevel=3)

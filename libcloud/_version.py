"""The package's version, in a module of its own so that any layer may read it."""

__version__ = "4.0.0.dev0"

"""Registry of server fixtures (each server module defines its fixtures; they are collected here)."""

import importlib
import pkgutil

import tests.servers as _servers

# Every module in tests/servers/ whose name ends in "_server" contributes its fixtures.
for _info in pkgutil.iter_modules(_servers.__path__):
    if _info.name.endswith("_server"):
        _module = importlib.import_module("tests.servers." + _info.name)
        for _name in dir(_module):
            _obj = getattr(_module, _name)
            if hasattr(_obj, "_pytestfixturefunction") or type(_obj).__name__ == "FixtureFunctionDefinition":
                globals()[_name] = _obj

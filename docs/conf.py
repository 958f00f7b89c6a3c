"""Sphinx configuration for the libcloud-ng documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
# Our Sphinx extension: the generated provider tables and method matrices.
sys.path.insert(0, os.path.abspath("_ext"))

import libcloud  # noqa: E402

project = "libcloud-ng"
author = "The libcloud-ng developers"
copyright = "2026, The libcloud-ng developers"
release = libcloud.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "libcloud_support",
]
autodoc_typehints = "description"
autodoc_member_order = "bysource"
intersphinx_mapping = {}
html_theme = "furo"
html_title = "libcloud-ng %s" % release
exclude_patterns = ["_build"]
nitpicky = False
# Document each object once, where it is defined (modules re-export upstream names in __all__).
autodoc_default_options = {"ignore-module-all": True}
# compute, storage and DNS each have a class named Provider (as upstream); a bare
# "Provider" in a type hint is ambiguous for Sphinx, not for readers of that module.
suppress_warnings = ["ref.python"]

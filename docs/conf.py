"""Sphinx configuration for the libcloud-ng documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
# Our Sphinx extensions (docs/_ext): libcloud_support generates the provider tables and
# method matrices, libcloud_refs resolves references that name documented objects indirectly.
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
    "libcloud_refs",
]
autodoc_typehints = "description"
autodoc_member_order = "bysource"
intersphinx_mapping = {}
html_theme = "furo"
html_title = "libcloud-ng %s" % release
exclude_patterns = ["_build"]
nitpicky = True
# Document each object once, where it is defined (modules re-export upstream names in __all__).
autodoc_default_options = {"ignore-module-all": True}
# compute, storage and DNS each have a class named Provider (as upstream); a bare
# "Provider" in a type hint is ambiguous for Sphinx, not for readers of that module.
suppress_warnings = ["ref.python"]

# Every reference must resolve (nitpicky); docs/_ext/libcloud_refs.py resolves the ones that
# name a documented object indirectly. What remains unresolvable on purpose is listed here,
# each with its reason.
nitpick_ignore_regex = [
    # Standard library and requests: the build is offline (no intersphinx inventories), so
    # these names in signatures and "Bases:" lines cannot link anywhere.
    ("py:.*", r"(requests|ssl|os|io|enum|datetime|unittest)(\..+)?"),
    # Private modules and names (a leading underscore): not part of the reference by design.
    ("py:.*", r"libcloud(\.\w+)*\._\w+(\.\w+)*"),
    # Drivers' HTTP connection classes (the connectionCls attribute of each driver class):
    # transport internals, documented as a whole under Connections, not one by one.
    ("py:class", r"libcloud\.[\w.]*\.\w*Connection(V\d+)?"),
    # The shared implementation classes drivers are built from (they show in "Bases:"
    # lines); each driver class itself is documented on its driver page.
    ("py:class",
     r"libcloud\..*\.(Base\w*Driver|\w+_BaseDriver|AWSDriver|RegionalAWSDriver|RegionalS3StorageDriver|ClientCertDriverMixin|RackspaceRegionalDriver)"),
    # A method without a docstring (so autodoc leaves it out) that an EC2 docstring names.
    ("py:meth", r"ex_delete_security_group_by_name"),
    # Type aliases and type variables of signatures (T_Auth, T_Ssh_key in compute.base,
    # KeyFiles in compute.ssh, R in compute.partial, Flow - libcloud._core.flow's generator
    # type - in operations).
    ("py:class", r"(libcloud\.compute\.(base|partial|ssh)\.)?(T_Auth|T_Ssh_key|KeyFiles|R|Flow)"),
    # The same in the storage transfer engine: the ProgressCallback alias and the T type variable.
    ("py:class", r"(libcloud\.storage\.transfer\.\w+\.)?(ProgressCallback|T)"),
]

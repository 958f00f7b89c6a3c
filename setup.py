"""Packaging for libcloud-ng (import package ``libcloud``)."""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'^__version__ = "([^"]+)"', (HERE / "libcloud" / "_version.py").read_text(), re.M).group(1)

setup(
    name="libcloud-ng",
    version=VERSION,
    description="A drop-in rewrite of Apache Libcloud: one API for compute, storage and DNS, sync and async.",
    long_description=(HERE / "README.rst").read_text(encoding="utf-8"),
    long_description_content_type="text/x-rst",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["libcloud", "libcloud.*"]) + ["libcloud.data"],
    # data/pricing.json lives at the top of the repository and is installed
    # inside the package as libcloud/data/pricing.json.
    package_dir={"libcloud.data": "data"},
    package_data={
        "libcloud": ["py.typed"],
        # Each API's driver registry (read by libcloud.common.providers.load_drivers).
        **{"libcloud." + api: ["providers.json"]
           for api in ("compute", "storage", "dns", "loadbalancer", "container", "backup")},
        "libcloud.data": ["*.json"],
        "libcloud.common.aws": ["data/*.json"],
        "libcloud.common.dimensiondata": ["*.json"],
        "libcloud.compute.drivers.ec2": ["data/*.json"],
        "libcloud.compute.drivers.gce": ["data/*.json"],
        "libcloud.compute.drivers.azure_arm": ["data/*.json"],
    },
    include_package_data=False,
    install_requires=["requests>=2.26.0", "certifi"],
    extras_require={
        "async": ["aiohttp>=3.9"],
        "ssh": ["paramiko>=3.0"],
        # Google service accounts sign their token requests (RS256 JWT).
        "google": ["cryptography>=3.4"],
        "fsspec": ["fsspec>=2023.9.0"],
        "dask": ["distributed>=2023.9.0", "fsspec>=2023.9.0"],
    },
    entry_points={
        "console_scripts": ["libcloud = libcloud.cli:main"],
        # fsspec.filesystem("libcloud", ...) finds LibcloudFileSystem through this group
        # (and "libcloud-async" the AsyncFileSystem over libcloud.asyncio).
        "fsspec.specs": ["libcloud = libcloud.storage.filesystem:LibcloudFileSystem",
                         "libcloud-async = libcloud.storage.filesystem:LibcloudAsyncFileSystem"],
    },
    classifiers=[
        "Development Status :: 3 - Alpha",
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Topic :: Internet :: WWW/HTTP",
        "Topic :: System :: Distributed Computing",
    ],
)

"""Compute providers that shut down: ``get_driver`` refuses them with the reason and a link."""

from __future__ import annotations

from typing import Dict

from libcloud.compute.types import Provider

__all__ = ["DEPRECATED_DRIVERS"]

_BLOG_2016 = "http://libcloud.apache.org/blog/2016/02/16/new-drivers-deprecated-drivers.html"

DEPRECATED_DRIVERS: Dict[Provider, Dict[str, str]] = {
    Provider.OPSOURCE: {
        "reason": "OpSource Cloud became part of Dimension Data; use the DIMENSIONDATA provider.",
        "url": "http://www.ntt.co.jp/news2011/1107e/110701a.html",
    },
    Provider.NINEFOLD: {
        "reason": "Ninefold closed its public cloud server platform on January 30, 2016.",
        "url": "https://ninefold.com/news/",
    },
    Provider.IBM: {
        "reason": "IBM SmartCloud Enterprise was retired in favour of IBM SoftLayer.",
        "url": "http://www.ibm.com/midmarket/us/en/article_cloud6_1310.html",
    },
    Provider.HPCLOUD: {
        "reason": "HP Helion Public Cloud shut down in January 2016.",
        "url": _BLOG_2016,
    },
    Provider.CLOUDFRAMES: {
        "reason": "The CloudFrames provider is no longer supported.",
        "url": _BLOG_2016,
    },
    Provider.RUNABOVE: {
        "reason": "RunAbove was shut down; its successor is OVH Public Cloud (the OVH provider).",
        "url": "https://twitter.com/runabove/status/836262536051994624",
    },
}

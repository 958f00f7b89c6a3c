"""Kubernetes resource quantities: memory (``"512Mi"``, ``"900M"``) and CPU (``"500m"``, ``"2"``).

Memory suffixes are binary (Ki, Mi...) or decimal (K, M...); CPU suffixes are
m (1/1000), u (1/10^6) and n (1/10^9) of a core.
"""

from __future__ import annotations

from typing import Dict, List, Tuple, Union

__all__ = ["to_n_bytes", "to_memory_str", "to_n_cpus", "to_cpu_str", "sum_resources"]

#: Suffix -> bytes, largest first: the largest unit dividing a size exactly names it.
_MEMORY_UNITS: List[Tuple[str, int]] = [
    ("Ei", 1024 ** 6), ("E", 1000 ** 6), ("Pi", 1024 ** 5), ("P", 1000 ** 5),
    ("Ti", 1024 ** 4), ("T", 1000 ** 4), ("Gi", 1024 ** 3), ("G", 1000 ** 3),
    ("Mi", 1024 ** 2), ("M", 1000 ** 2), ("Ki", 1024), ("K", 1000),
]
_MEMORY_FACTOR: Dict[str, int] = dict(_MEMORY_UNITS)
_MEMORY_FACTOR["k"] = 1000

#: CPU suffix -> divisor of a core (divisions keep the results exact floats: 500/1000 == 0.5).
_CPU_DIVISORS: List[Tuple[str, float]] = [("m", 1e3), ("u", 1e6), ("n", 1e9)]


def to_n_bytes(memory_str: str) -> int:
    """``"512Mi"`` -> 536870912; a plain number is bytes."""
    text = str(memory_str).strip()
    for suffix in sorted(_MEMORY_FACTOR, key=len, reverse=True):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * _MEMORY_FACTOR[suffix])
    return int(float(text))


def to_memory_str(n_bytes: int) -> str:
    """536870912 -> ``"512Mi"``: the largest unit that divides the size exactly (0 -> ``"0K"``)."""
    n_bytes = int(n_bytes)
    if n_bytes == 0:
        return "0K"
    for suffix, factor in _MEMORY_UNITS:
        if n_bytes % factor == 0:
            return "%d%s" % (n_bytes // factor, suffix)
    return str(n_bytes)


def to_n_cpus(cpu_str: str) -> Union[int, float]:
    """``"500m"`` -> 0.5, ``"2"`` -> 2, ``"1n"`` -> 1e-9."""
    text = str(cpu_str).strip()
    for suffix, divisor in _CPU_DIVISORS:
        if text.endswith(suffix):
            value = float(text[:-1]) / divisor
            return int(value) if value == int(value) else value
    value = float(text)
    return int(value) if value == int(value) else value


def _whole(value: float) -> bool:
    return round(value) >= 1 and abs(value - round(value)) < 1e-6


def to_cpu_str(n_cpus: Union[int, float]) -> str:
    """0.5 -> ``"500m"``, 2 -> ``"2000m"``, 5e-7 -> ``"500n"`` (0 -> ``"0"``)."""
    if n_cpus == 0:
        return "0"
    for suffix, divisor in _CPU_DIVISORS:
        scaled = n_cpus * divisor
        if _whole(scaled) or suffix == "n":
            return "%d%s" % (round(scaled), suffix)
    return str(n_cpus)  # pragma: no cover - the loop always returns


def sum_resources(*resources: Dict[str, str]) -> Dict[str, str]:
    """The sum of ``{"cpu": ..., "memory": ...}`` requests, as Kubernetes quantities."""
    cpu = sum(to_n_cpus(r.get("cpu", "0")) for r in resources)
    memory = sum(to_n_bytes(r.get("memory", "0")) for r in resources)
    return {"cpu": to_cpu_str(cpu), "memory": to_memory_str(memory)}

"""Cardinality: how many elements a dataset has, as TF counts them.

A non-negative count, ``INFINITE`` (-1) for a dataset that never ends, or ``UNKNOWN`` (-2) when
only iterating can tell (a filter, a generator). Each transformation derives its count from its
inputs' counts without touching any data; these helpers hold the arithmetic that several share.
"""

from __future__ import annotations

INFINITE = -1
UNKNOWN = -2


def describe(n: int) -> str:
    return {INFINITE: "infinite", UNKNOWN: "unknown"}.get(n, str(n))


def take(n: int, count: int) -> int:
    """Elements left after ``take(count)`` (``count < 0`` takes everything)."""
    if count < 0:
        return n
    if n == INFINITE:
        return count
    if n == UNKNOWN:
        return UNKNOWN
    return min(n, count)


def skip(n: int, count: int) -> int:
    """Elements left after ``skip(count)`` (``count < 0`` skips everything)."""
    if n in (INFINITE, UNKNOWN):
        return n
    if count < 0:
        return 0
    return max(n - count, 0)


def batches(n: int, size: int, drop_remainder: bool) -> int:
    """Batches of ``size`` made from ``n`` elements."""
    if n < 0:
        return n
    return n // size if drop_remainder else -(-n // size)


def total(counts) -> int:
    """Elements of several datasets one after another (``concatenate``)."""
    counts = list(counts)
    if INFINITE in counts:
        return INFINITE
    if UNKNOWN in counts:
        return UNKNOWN
    return sum(counts)


def shortest(counts) -> int:
    """Elements of datasets zipped together: the shortest one ends them."""
    counts = list(counts)
    if UNKNOWN in counts:
        return UNKNOWN
    finite = [n for n in counts if n >= 0]
    return min(finite) if finite else INFINITE

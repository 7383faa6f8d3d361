"""Unique object names (``dense``, ``dense_1``, …) from per-prefix counters, as Keras 3 names them."""

from __future__ import annotations

import collections
import re

_UIDS: collections.defaultdict[str, int] = collections.defaultdict(int)


def to_snake_case(name: str) -> str:
    """``Conv2DTranspose`` → ``conv2d_transpose``, Keras' rule for default layer names."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def uniquify(name: str) -> str:
    """``name`` the first time, then ``name_1``, ``name_2``, … (names given by users are not counted)."""
    count = _UIDS[name]
    _UIDS[name] += 1
    return name if count == 0 else f"{name}_{count}"


def auto_name(class_name: str) -> str:
    return uniquify(to_snake_case(class_name))


def get_uid(prefix: str = "") -> int:
    """Increments and returns the counter of ``prefix`` (``keras.backend.get_uid``)."""
    _UIDS[prefix] += 1
    return _UIDS[prefix]


def reset_uids() -> None:
    _UIDS.clear()

"""Compiled CPU kernels: the work NumPy cannot do in one pass over memory, or on every core.

One file per family (``pooling``, ``depthwise``, ...), each in Numba's nopython subset of
Python, called from the primitive's ``forward`` when its arrays are NumPy's (CuPy arrays take the
``xp`` code beside it, which is also the oracle each compiled kernel is tested against).

``import tensorflux`` imports none of them, nor Numba: ``lazy("pooling")`` stands for the module
and imports it — and Numba, given tensorflux's thread count — at the first kernel used. Kernels
compile on their first call and are cached on disk (``cache=True``: beside the source, or in a
per-user cache directory when the install is read-only).

Work split over threads is combined in a fixed order (fixed blocks, not one per thread), so a
result does not depend on how many threads ran it.
"""

from __future__ import annotations

import importlib

_ready = False


def _start_numba():
    global _ready
    import numba  # noqa: F401 - loaded here, once, before any kernel module

    from ...framework import threads

    threads.apply()
    _ready = True


class lazy:  # noqa: N801 - stands for a module
    """A kernel module, imported on first attribute access; its attributes are then plain lookups."""

    def __init__(self, family: str):
        self.__dict__["_family"] = family

    def __getattr__(self, name):
        if not _ready:
            _start_numba()
        module = importlib.import_module(f"{__name__}.{self._family}")
        self.__dict__.update((k, v) for k, v in vars(module).items() if not k.startswith("__"))
        return getattr(module, name)

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

Numba's parallel loops run on its ``workqueue`` thread pool, whose idle threads sleep. The
OpenMP and TBB pools keep theirs spinning after each loop, and so do OpenBLAS's after each
product: on two cores the pools then took the cores from each other, and the MNIST convnet's
training step ran 4x slower (176 ms instead of 41). The workqueue pool may not be entered from
two Python threads at once (a ``tf.data`` map running kernels beside the training step would
abort the process), so the parallel kernels are entered under one lock. A kernel module's
parallel kernels are called from Python only, never from other compiled code.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading

import numpy as np

FLOATS = (np.dtype(np.float32), np.dtype(np.float64))  # the dtypes every compiled kernel takes

_ready = False
_PARALLEL = threading.RLock()  # one parallel region at a time: the workqueue pool is not re-entrant


def _start_numba():
    global _ready
    os.environ.setdefault("NUMBA_THREADING_LAYER", "workqueue")  # (read when Numba is first imported)
    import numba

    if "NUMBA_THREADING_LAYER" not in os.environ or os.environ["NUMBA_THREADING_LAYER"] == "workqueue":
        numba.config.THREADING_LAYER = "workqueue"  # Numba was imported before us: still before its first loop
    from ...framework import threads

    threads.apply()
    _ready = True


def _serialised(kernel):
    @functools.wraps(kernel)
    def call(*args, **kwargs):
        with _PARALLEL:
            return kernel(*args, **kwargs)

    call.dispatcher = kernel
    return call


def _serialise_parallel_kernels(module):
    from numba.core.registry import CPUDispatcher

    for name, value in list(vars(module).items()):
        if isinstance(value, CPUDispatcher) and value.targetoptions.get("parallel"):
            setattr(module, name, _serialised(value))


class lazy:  # noqa: N801 - stands for a module
    """A kernel module, imported on first attribute access; its attributes are then plain lookups."""

    def __init__(self, family: str):
        self.__dict__["_family"] = family

    def __getattr__(self, name):
        if not _ready:
            _start_numba()
        module = importlib.import_module(f"{__name__}.{self._family}")
        if not getattr(module, "_serialised", False):
            _serialise_parallel_kernels(module)
            module._serialised = True
        self.__dict__.update((k, v) for k, v in vars(module).items() if not k.startswith("__"))
        return getattr(module, name)

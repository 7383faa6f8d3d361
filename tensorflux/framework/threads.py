"""One thread count for all of tensorflux's CPU work: what ``tf.config.threading`` sets.

TF's intra-op threads split one op over cores. In tensorflux that work runs on Numba's parallel
loops (the compiled kernels of ``ops/kernels``) and on tensorflux's own threads, each of which
packs and multiplies its own chunk of a convolution (``ops/_tiling.run_on_threads``). NumPy's
BLAS runs on one thread once the compiled kernels are loaded: OpenBLAS keeps its idle threads
spinning for ~0.1 s after every multi-threaded product, and on two cores a spinning thread took
a core from the kernels that followed (the MNIST convnet's step: 34.9 ms with 2-thread BLAS,
25.9 ms with 1; an MLP's products lose ~12 % of their speed instead). 0 — the default, as in
TF — means every core this process may run on.

Inter-op threads would run independent ops of a graph at once; tensorflux runs a graph's steps
in order, so that setting is stored and reported, as TF reports it, and changes nothing else.
Neither module is imported here: Numba picks the count up when the first kernel loads
(``ops.kernels``), threadpoolctl only when a count is set.
"""

from __future__ import annotations

import os
import sys

_intra = 0
_inter = 0


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def intra_op_threads() -> int:
    """How many threads one op uses now: the setting, or every available core when it is 0."""
    return _intra or available_cores()


def _count(num_threads, name) -> int:
    if isinstance(num_threads, bool) or not isinstance(num_threads, int) or num_threads < 0:
        raise ValueError(f"{name} must be a non-negative integer (0: every core), got {num_threads!r}")
    return num_threads


def get_intra_op_parallelism_threads() -> int:
    """The number of threads one op may use; 0 (the default) means every core.

    >>> import tensorflux as tf
    >>> tf.config.threading.get_intra_op_parallelism_threads()
    0
    """
    return _intra


def set_intra_op_parallelism_threads(num_threads: int) -> None:
    """Sets how many threads one op may use; 0 means every core.

    Unlike TF, which refuses once its runtime has started, the count may change at any time.
    """
    global _intra
    _intra = _count(num_threads, "num_threads")
    apply()


def get_inter_op_parallelism_threads() -> int:
    return _inter


def set_inter_op_parallelism_threads(num_threads: int) -> None:
    """Stored as TF stores it; tensorflux runs a graph's steps one after another."""
    global _inter
    _inter = _count(num_threads, "num_threads")


def apply() -> None:
    """Gives Numba (once loaded) the current count, and BLAS one thread (see above)."""
    numba = sys.modules.get("numba")
    if numba is not None and hasattr(numba, "set_num_threads"):
        numba.set_num_threads(min(intra_op_threads(), numba.config.NUMBA_NUM_THREADS))
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")

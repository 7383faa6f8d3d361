"""How window kernels walk their arrays: bounded chunks of output, and strided views of their windows.

A window op with kernel ``window`` reads, for window tap ``t`` (one kernel position) and output
position ``o``, the input element ``o * stride + t * dilation - pad_before`` on each spatial axis.
For one tap, the valid output positions form a box and the input elements they read form a
strided slice, so a whole tap is one NumPy view: no padded copy, no Python loop over pixels.
For a box of output positions, every window at once is one view too (``window_view``): the
``[n, *out, *window, C]`` elements the box reads, which one copy turns into im2col columns.

The output index space ``[batch, *out_spatial]`` is cut into boxes (``chunks``) small enough
that the temporaries of one box (im2col columns and the like) stay near ``CHUNK_BYTES``, and
never beyond ``BUDGET_BYTES`` unless a single output position needs more.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import threading

from ..framework.backend import get_array_module
from ._window import plan

# Temporaries of one chunk. Smaller chunks stay in cache (4 MB is a few percent faster on an idle
# machine); larger ones mean fewer BLAS calls, each a fork and join of the BLAS threads, which
# is what costs most when the cores are shared (16 MB halved a step's time there).
CHUNK_BYTES = 4 << 20
BUDGET_BYTES = 256 << 20  # no temporary of a window kernel grows beyond this, whatever the input


class Geometry:
    """One window op on concrete sizes: spatial input and output sizes, window, strides, dilations, pads."""

    __slots__ = ("dilations", "in_sizes", "out_sizes", "pads", "strides", "taps", "window")

    def __init__(self, in_sizes, window, strides, dilations, padding, op_name):
        self.in_sizes = tuple(in_sizes)
        self.window, self.strides, self.dilations = tuple(window), tuple(strides), tuple(dilations)
        self.out_sizes, self.pads = plan(self.in_sizes, self.window, self.strides, self.dilations, padding, op_name)
        self.taps = list(itertools.product(*(range(k) for k in self.window)))

    @property
    def rank(self) -> int:
        return len(self.in_sizes)

    def reach(self, axis) -> int:
        """How far a window extends beyond its first element along ``axis``."""
        return (self.window[axis] - 1) * self.dilations[axis]

    @property
    def window_size(self) -> int:
        return math.prod(self.window)

    def tap_ranges(self, tap, box):
        """Per spatial axis ``(out_lo, out_hi, in_slice)`` of ``tap`` inside ``box``; None when it reads nothing.

        ``box`` is a ``(lo, hi)`` output range per spatial axis; ``out_lo``/``out_hi`` are relative to it.
        """
        ranges = []
        for axis, (b0, b1) in enumerate(box):
            s = self.strides[axis]
            offset = tap[axis] * self.dilations[axis] - self.pads[axis][0]
            lo = max(b0, -(offset // s))  # ceil(-offset / s)
            hi = min(b1, (self.in_sizes[axis] - 1 - offset) // s + 1)
            if lo >= hi:
                return None
            ranges.append((lo - b0, hi - b0, slice(lo * s + offset, (hi - 1) * s + offset + 1, s)))
        return ranges


def _split(dims, position_bytes, target):
    """``(axis, block, inner)``: boxes run ``block`` long along ``axis``, whole over the ``inner`` later ones."""
    cap = max(1, min(target or CHUNK_BYTES, BUDGET_BYTES) // max(position_bytes, 1))
    axis = 0
    while axis < len(dims) - 1 and math.prod(dims[axis + 1:]) > cap:
        axis += 1
    inner = math.prod(dims[axis + 1:])
    return axis, max(1, cap // max(inner, 1)), inner


def chunks(batch, out_sizes, position_bytes, target=None):
    """Boxes ``[(n0, n1), (lo, hi) per spatial axis]`` covering the output index space.

    Each box is a run along one axis with every later axis whole, so the matching slice of a
    C-ordered output is contiguous. A box holds about ``target / position_bytes`` positions.
    """
    dims = (batch, *out_sizes)
    axis, block, _ = _split(dims, position_bytes, target)
    for index in itertools.product(*(range(d) for d in dims[:axis])):
        for start in range(0, dims[axis], block):
            stop = min(start + block, dims[axis])
            yield [(i, i + 1) for i in index] + [(start, stop)] + [(0, d) for d in dims[axis + 1:]]


def max_positions(batch, out_sizes, position_bytes, target=None) -> int:
    """The most output positions any box of ``chunks`` holds (to size a reusable buffer)."""
    dims = (batch, *out_sizes)
    axis, block, inner = _split(dims, position_bytes, target)
    return min(block, dims[axis]) * inner


def box_slices(box):
    return tuple(slice(lo, hi) for lo, hi in box)


def box_shape(box):
    return tuple(hi - lo for lo, hi in box)


# ---------------------------------------------------------------------------------------------
# Every window of a box as one view, and its adjoint.

def _region(geom, box):
    """Per spatial axis, the ``(start, stop)`` input range the windows of ``box`` read (may reach into padding)."""
    region = []
    for axis, (lo, hi) in enumerate(box[1:]):
        start = lo * geom.strides[axis] - geom.pads[axis][0]
        region.append((start, start + (hi - lo - 1) * geom.strides[axis] + geom.reach(axis) + 1))
    return region


def _inside(geom, region):
    """``(slab slices, input slices)`` of the part of ``region`` inside the input; None if it holds none."""
    slab, source = [slice(None)], []
    for axis, (start, stop) in enumerate(region):
        lo, hi = max(start, 0), min(stop, geom.in_sizes[axis])
        if lo >= hi:
            return None
        slab.append(slice(lo - start, hi - start))
        source.append(slice(lo, hi))
    return tuple(slab), tuple(source)


def _windows(slab, geom, box):
    """The ``[n, *out, *window, C]`` view of a slab that starts at the box's first window."""
    xp = get_array_module(slab)
    step = slab.strides
    shape = (slab.shape[0], *box_shape(box)[1:], *geom.window, slab.shape[-1])
    strides = (step[0], *(s * step[1 + a] for a, s in enumerate(geom.strides)),
               *(d * step[1 + a] for a, d in enumerate(geom.dilations)), step[-1])
    return xp.lib.stride_tricks.as_strided(slab, shape, strides, writeable=False)


def window_view(x, geom, box):
    """``view[n, *o, *t, c]`` = the input element output position ``o`` of ``box`` reads through tap ``t``.

    A view of ``x`` itself where the box reads no padding; otherwise a view of a zero-padded copy
    of just the region the box reads (the size of the box's input, not of its columns).
    """
    xp = get_array_module(x)
    (n0, n1), region = box[0], _region(geom, box)
    if all(start >= 0 and stop <= size for (start, stop), size in zip(region, geom.in_sizes)):
        slab = x[(slice(n0, n1),) + tuple(slice(start, stop) for start, stop in region)]
    else:
        slab = xp.zeros((n1 - n0, *(stop - start for start, stop in region), x.shape[-1]), x.dtype)
        parts = _inside(geom, region)
        if parts is not None:
            slab[parts[0]] = x[(slice(n0, n1),) + parts[1]]
    return _windows(slab, geom, box)


def add_windows(dx, taps, geom, box):
    """The adjoint of ``window_view``: adds ``taps[t]`` (``[n, *o, c]`` per tap) onto the input elements read.

    Where the box reads padding, the sums go to a zero slab first and only its inside reaches ``dx``.
    """
    xp = get_array_module(dx)
    (n0, n1), region = box[0], _region(geom, box)
    inside = all(start >= 0 and stop <= size for (start, stop), size in zip(region, geom.in_sizes))
    if inside:
        slab = dx[(slice(n0, n1),) + tuple(slice(start, stop) for start, stop in region)]
    else:
        slab = xp.zeros((n1 - n0, *(stop - start for start, stop in region), dx.shape[-1]), dx.dtype)
    out = box_shape(box)[1:]
    for t, tap in enumerate(geom.taps):
        target = (slice(None),) + tuple(slice(i * d, i * d + (o - 1) * s + 1, s) for i, d, s, o in
                                        zip(tap, geom.dilations, geom.strides, out))
        slab[target] += taps[t]
    if not inside:
        parts = _inside(geom, region)
        if parts is not None:
            dx[(slice(n0, n1),) + parts[1]] += slab[parts[0]]


# ---------------------------------------------------------------------------------------------
# Chunks on threads.
#
# Compiled kernels that alternate with matrix products (im2col, Winograd) run each chunk wholly on
# one thread — its copies and its single-threaded BLAS products — rather than each step on every
# core: the chunk stays in that core's cache, and no thread pool waits for another's. (OpenBLAS's
# idle threads spin for ~0.1 s after a multi-threaded product, taking a core from what runs next.)

_pool = None  # the helper threads (the calling thread is the first worker)
_pool_size = 0
_blas = None  # threadpoolctl's handle on the loaded BLAS libraries
_blas_limit = None
_blas_users = 0
_blas_lock = threading.Lock()


def run_on_threads(count, work, make_buffer=lambda: None):
    """Calls ``work(i, buffer)`` for every ``i < count``, on up to ``intra_op_threads()`` threads.

    Each thread takes the next ``i`` when it is free (a busy core does less), so ``work(i)`` must
    give the same result whichever thread runs it and whatever ran before: it may write only
    what ``i`` alone owns. ``make_buffer()`` gives each thread its scratch buffer, reused for
    every ``i`` it runs. BLAS runs single-threaded meanwhile (in the whole process), so a
    product's bits do not depend on the thread count either. The first error stops the other
    threads at their next ``i``, and is raised once all have stopped.
    """
    from ..framework.threads import intra_op_threads

    workers = min(intra_op_threads(), count)
    indices = itertools.count()
    failed = []
    # made here, by the caller, as every other array is: from its thread's malloc arena, not the
    # helper threads' own
    buffers = [make_buffer() for _ in range(max(workers, 1))]

    def worker(buffer):
        for i in indices:  # next() on a shared itertools.count is atomic under the GIL
            if i >= count or failed:
                return
            try:
                work(i, buffer)
            except BaseException:
                failed.append(i)
                raise

    with _single_threaded_blas():
        if workers <= 1:
            worker(buffers[0])
            return
        helpers = [_thread_pool(workers - 1).submit(worker, buffer) for buffer in buffers[1:]]
        try:
            worker(buffers[0])
        finally:
            for helper in helpers:  # all stop before any error propagates: they write the caller's arrays
                helper.exception()
        for helper in helpers:
            helper.result()


def _thread_pool(size):
    global _pool, _pool_size
    if _pool is None or _pool_size < size:
        from concurrent.futures import ThreadPoolExecutor

        if _pool is not None:
            _pool.shutdown(wait=False)
        _pool, _pool_size = ThreadPoolExecutor(size, thread_name_prefix="tensorflux"), size
    return _pool


@contextlib.contextmanager
def _single_threaded_blas():
    """BLAS on one thread inside (nested and concurrent uses restore it once, at the last exit)."""
    global _blas, _blas_limit, _blas_users
    with _blas_lock:
        if _blas_users == 0:
            if _blas is None:
                from threadpoolctl import ThreadpoolController

                _blas = ThreadpoolController().select(user_api="blas")
            _blas_limit = _blas.limit(limits=1)
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limit.restore_original_limits()


def _after_fork_in_child():
    """A forked child has none of its parent's helper threads, and no region of theirs under way."""
    global _pool, _pool_size, _blas_users, _blas_lock
    _pool, _pool_size, _blas_users, _blas_lock = None, 0, 0, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# The filter gradient sums its chunks in at most this many fixed blocks, each on one thread; the
# partial sums are then added in block order. Enough blocks for every thread to share the work
# whatever the thread count; few enough that their sums are cheap to add, and all of them within
# a quarter of BUDGET_BYTES (a 3x3 512 -> 512 filter's 9 MB allows 7).
FILTER_BLOCKS = 16


def fixed_blocks(count, partial_bytes):
    """Slices of ``range(count)``, as even as can be: the fixed blocks of a sum of ``count`` terms."""
    blocks = max(1, min(count, FILTER_BLOCKS, BUDGET_BYTES // 4 // max(partial_bytes, 1)))
    bounds = [count * b // blocks for b in range(blocks + 1)]
    return [slice(bounds[b], bounds[b + 1]) for b in range(blocks)]

"""How window kernels walk their arrays: bounded chunks of output, and one strided view per window tap.

A window op with kernel ``window`` reads, for window tap ``t`` (one kernel position) and output
position ``o``, the input element ``o * stride + t * dilation - pad_before`` on each spatial axis.
For one tap, the valid output positions form a box and the input elements they read form a
strided slice, so a whole tap is one NumPy view: no padded copy, no Python loop over pixels.

The output index space ``[batch, *out_spatial]`` is cut into boxes (``chunks``) small enough
that the temporaries of one box (im2col columns and the like) stay near ``CHUNK_BYTES``, and
never beyond ``BUDGET_BYTES`` unless a single output position needs more.
"""

from __future__ import annotations

import itertools
import math

from ._window import plan

# Temporaries of one chunk. Smaller chunks stay in cache (4 MB is a few percent faster on an idle
# machine); larger ones mean fewer BLAS calls, each a fork and join of the BLAS threads, which
# is what costs most when the cores are shared (16 MB halved a step's time there).
CHUNK_BYTES = 16 << 20
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

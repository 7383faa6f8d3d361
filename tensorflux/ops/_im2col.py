"""Convolution kernels on channels-last arrays: im2col in bounded chunks, one matrix multiply per chunk.

``x`` is ``[N, *in_spatial, C]``, the filter ``w`` is ``[*window, C // groups, O]`` and the
output ``y`` is ``[N, *out_spatial, O]``. For one chunk of output positions the im2col columns
``[positions, *window, C]`` are filled, then

- forward:          ``y_chunk = columns @ w.reshape(K * C, O)``
- filter gradient:  ``dw += columns.T @ dy_chunk``
- input gradient:   ``dy_chunk @ w.T``: every tap's block at once, added back onto ``dx`` (col2im).

Two paths, one arithmetic:

- NumPy float32/float64 arrays take the compiled path (``_Plan``): each thread packs a chunk
  with the compiled packer (``kernels/im2col.py``; bounds checks, no padded copy) into its own
  ~2 MB buffer and multiplies it straight away with single-threaded BLAS, so packing and products
  run on every core at once and the columns never leave the core's cache. A 1x1 stride-1
  convolution has no columns at all: its chunks are rows of ``x`` itself. 3x3 stride-1
  convolutions with enough channels take Winograd's F(2x2, 3x3) instead (``_winograd.py``): 16
  products per 2x2 outputs instead of 36.
- Other arrays (CuPy, integers) take the NumPy/CuPy path (``_xp_*``): the chunk's columns by one
  strided copy (``_tiling.window_view``), one multi-threaded product per chunk, col2im tap by
  tap (``_tiling.add_windows``). ``FAST = False`` sends everything there: the tests' reference.

Temporaries stay far below ``BUDGET_BYTES``, so memory does not grow with the batch.
"""

from __future__ import annotations

import math

import numpy as np

from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from . import _epilogue, _winograd, kernels
from ._tiling import (
    BUDGET_BYTES,
    Geometry,
    add_windows,
    box_shape,
    box_slices,
    chunks,
    fixed_blocks,
    max_positions,
    run_on_threads,
    window_view,
)
from ._window import both_shapes

_compiled = kernels.lazy("im2col")
_epilogue_kernels = kernels.lazy("epilogue")

# False runs every convolution through the plain NumPy/CuPy im2col below (``columns``,
# ``add_windows``): the CuPy path, and the reference the tests compare the fast paths with.
FAST = True

# Columns of one chunk on the compiled path, where each thread packs and multiplies its own
# chunks: about a core's L2 cache. 1 to 4 MB ran alike on the 3x3 convolutions measured (3 to 128
# channels); below, BLAS gets too few positions per product when K * C is large.
COMPILED_CHUNK_BYTES = 2 << 20

_WIDENED = {np.dtype(np.float16)}  # dtypes multiplied in float32 (NumPy has no fast half-precision matmul)


def compute_dtype(dtype):
    """The dtype a kernel computes in: float32 for half-precision inputs, the input dtype otherwise."""
    if dtype in _WIDENED or dtype.name == "bfloat16":
        return np.dtype(np.float32)
    return dtype


def widen(*arrays):
    """The arrays in their compute dtype (a copy only for half-precision inputs)."""
    return tuple(a.astype(compute_dtype(a.dtype), copy=False) for a in arrays)


# ---------------------------------------------------------------------------------------------
# The columns of one chunk.

# Up to this many channels the columns are laid out tap-major, ``[*window, C, positions]``: each
# tap's copy then runs along whole rows of output positions, where a position-major copy would
# move only ``window[-1] * C`` elements at a time (a 3x3 window on one channel: 3 floats).
TAP_MAJOR_CHANNELS = 4


def columns(buffer, x, geom: Geometry, box, tap_major):
    """The im2col matrix ``[positions, K * C]`` of ``box``, filled into ``buffer`` by one strided copy.

    Tap-major columns come back as the transpose of a C-ordered ``[K * C, positions]``: BLAS reads
    either layout directly.
    """
    xp = get_array_module(x)
    view = window_view(x, geom, box)
    lead = 1 + geom.rank
    positions = math.prod(view.shape[:lead])
    if tap_major:
        order = (*range(lead, view.ndim), *range(lead))
        cols = buffer[:view.size].reshape([view.shape[a] for a in order])
        xp.copyto(cols, view.transpose(order))
        return cols.reshape(-1, positions).T
    cols = buffer[:view.size].reshape(view.shape)
    xp.copyto(cols, view)
    return cols.reshape(positions, -1)


def _tap_major(c, groups) -> bool:
    return groups == 1 and c <= TAP_MAJOR_CHANNELS


# ---------------------------------------------------------------------------------------------
# Shape checks, with both shapes in the message.

def check_conv_shapes(x_shape, w_shape, op_name):
    rank = len(w_shape) - 2
    if len(x_shape) != rank + 2:
        raise InvalidArgumentError(f"convolution input must be {rank + 2}-dimensional: "
                                   f"{both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    c, cg = x_shape[-1], w_shape[-2]
    if cg is not None and cg <= 0:
        raise InvalidArgumentError(f"filter depth must be stricly positive, got {cg} {both_shapes(x_shape, w_shape)} "
                                   f"[Op:{op_name}]")
    if c is not None and cg is not None and c % cg:
        raise InvalidArgumentError(f"input depth must be evenly divisible by filter depth: {c} vs {cg} "
                                   f"{both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    o = w_shape[-1]
    if c is not None and cg is not None and o is not None and o % (c // cg):
        raise InvalidArgumentError(f"The number of output channels {o} must be divisible by the number of groups "
                                   f"{c // cg} {both_shapes(x_shape, w_shape)} [Op:{op_name}]")


def backprop_geometry(x_shape, w_shape, dy_shape, strides, dilations, padding, op_name) -> Geometry:
    """The geometry of a backprop op, after checking that ``dy`` is what the forward op would give."""
    check_conv_shapes(x_shape, w_shape, op_name)
    _check_batch_and_depth(x_shape, w_shape, dy_shape, op_name)
    geom = Geometry(x_shape[1:-1], w_shape[:-2], strides, dilations, padding, op_name)
    for axis, (got, want) in enumerate(zip(dy_shape[1:-1], geom.out_sizes)):
        if got != want:
            raise InvalidArgumentError(
                f"{op_name}: Size of out_backprop doesn't match computed: actual = {got}, computed = {want} "
                f"spatial_dim: {axis + 1} input: {x_shape[axis + 1]} filter: {w_shape[axis]} output: {got} "
                f"stride: {strides[axis]} dilation: {dilations[axis]} {both_shapes(x_shape, w_shape)} "
                f"(out_backprop shape {list(dy_shape)}) [Op:{op_name}]")
    return geom


def sizes_of(tensor) -> tuple:
    """A shape given as an int tensor (``input_sizes``, ``filter_sizes``), as a tuple of ints."""
    return tuple(int(d) for d in np.asarray(tensor).tolist())


# ---------------------------------------------------------------------------------------------
# The three kernels: the compiled path for NumPy float arrays (``_Plan`` below), the NumPy/CuPy
# path (``xp``) for the rest — and for the tests, as their reference.

def conv(x, w, *, strides, dilations, padding, op_name="Conv2D", epilogue=None):
    """The convolution (cross-correlation, as TF) of ``x`` with ``w``.

    ``epilogue`` (``_epilogue.Epilogue``, from tf.function's fusion pass) is applied to each chunk
    of output right after its product, while the chunk is in cache.
    """
    xp = get_array_module(x, w)
    check_conv_shapes(x.shape, w.shape, op_name)
    geom = Geometry(x.shape[1:-1], w.shape[:-2], strides, dilations, padding, op_name)
    n, c, o = x.shape[0], x.shape[-1], w.shape[-1]
    groups = c // w.shape[-2]
    out_dtype = x.dtype
    x, w = widen(x, w)
    out = xp.empty((n, *geom.out_sizes, o), x.dtype)
    if out.size == 0:
        return out.astype(out_dtype, copy=False)
    compiled = _compiles(x, w) and (epilogue is None or epilogue.scale.dtype == x.dtype)
    if compiled and _winograd.fits(geom, c, o, groups):
        _winograd.convolve(x, w, tuple(before for before, _ in geom.pads), out)
        if epilogue is not None:  # (Winograd writes 2x2 tiles across rows: one pass over the output)
            rows = out.reshape(-1, o)
            _epilogue_kernels.affine_clamp(rows, *epilogue, rows)
    elif compiled:
        _Plan(geom, x.shape, groups, x.dtype).forward(x, w, out, epilogue)
    else:
        if _pointwise(geom, groups):
            xp.matmul(x.reshape(-1, c), w.reshape(c, o), out=out.reshape(-1, o))
        else:
            _xp_conv(x, w, geom, out)
        _epilogue.apply(out, epilogue)
    return out.astype(out_dtype, copy=False)


def conv_backprop_filter(x, filter_sizes, dy, *, strides, dilations, padding, op_name="Conv2DBackpropFilter"):
    """d(loss)/d(filter) of ``conv``: the columns of ``x`` times ``dy``, summed over chunks."""
    xp = get_array_module(x, dy)
    w_shape = sizes_of(filter_sizes)
    geom = backprop_geometry(x.shape, w_shape, dy.shape, strides, dilations, padding, op_name)
    c, o = x.shape[-1], w_shape[-1]
    groups = c // w_shape[-2]
    out_dtype = x.dtype
    x, dy = widen(x, dy)
    if x.size == 0 or dy.size == 0:
        dw = xp.zeros(w_shape, x.dtype)
    elif _compiles(x, dy) and _winograd.fits(geom, c, o, groups):
        dw = _winograd.filter_gradient(x, dy, tuple(before for before, _ in geom.pads), w_shape)
    elif _compiles(x, dy):
        dw = _Plan(geom, x.shape, groups, x.dtype).filter_gradient(x, dy, w_shape)
    elif _pointwise(geom, groups):
        dw = (x.reshape(-1, c).T @ dy.reshape(-1, o)).reshape(w_shape)
    else:
        dw = _xp_backprop_filter(x, w_shape, dy, geom)
    return dw.astype(out_dtype, copy=False)


def conv_backprop_input(input_sizes, w, dy, *, strides, dilations, padding, op_name="Conv2DBackpropInput"):
    """d(loss)/d(input) of ``conv`` (also the transposed convolution of ``dy``)."""
    xp = get_array_module(w, dy)
    x_shape = sizes_of(input_sizes)
    geom = backprop_geometry(x_shape, w.shape, dy.shape, strides, dilations, padding, op_name)
    c, o = x_shape[-1], w.shape[-1]
    groups = c // w.shape[-2]
    out_dtype = dy.dtype
    w, dy = widen(w, dy)
    if dy.size == 0 or math.prod(x_shape) == 0:
        dx = xp.zeros(x_shape, dy.dtype)
    elif _compiles(w, dy) and _winograd.fits(geom, o, c, groups):  # a convolution of dy's o channels into c
        # a stride-1 3x3 convolution's input gradient is a 3x3 convolution of dy with the filter
        # turned half a turn, its channel axes swapped, reaching 2 - pad before each input
        dx = np.empty(x_shape, dy.dtype)  # every element written once: no zeros to fill
        _winograd.convolve(dy, w[::-1, ::-1].transpose(0, 1, 3, 2), tuple(2 - before for before, _ in geom.pads), dx)
    elif _compiles(w, dy):
        dx = _Plan(geom, x_shape, groups, dy.dtype).input_gradient(w, dy)
    elif _pointwise(geom, groups):
        dx = xp.matmul(dy.reshape(-1, o), w.reshape(c, o).T).reshape(x_shape)
    else:
        dx = xp.zeros(x_shape, dy.dtype)
        _xp_backprop_input(dx, w, dy, geom)
    return dx.astype(out_dtype, copy=False)


# ---------------------------------------------------------------------------------------------
# The compiled path.

_COMPILED_DTYPES = kernels.FLOATS


def _compiles(*arrays) -> bool:
    """Whether the compiled path takes these (widened) arrays: NumPy's, float32 or float64."""
    return FAST and all(type(a) is np.ndarray and a.dtype in _COMPILED_DTYPES for a in arrays)


def _pointwise(geom, groups) -> bool:
    """A 1x1 window, stride 1, no padding: the columns are ``x`` itself; no copy is needed."""
    return (FAST and groups == 1 and all(k == 1 for k in geom.window) and all(s == 1 for s in geom.strides)
            and all(p == (0, 0) for p in geom.pads))


class _Plan:
    """One convolution on the compiled path: its chunks of output positions and the arrays as the kernels take them.

    Each chunk runs wholly on one thread (``run_on_threads``): its columns are packed into that
    thread's buffer, small enough to stay in the core's cache, and multiplied by single-threaded
    BLAS at once. Chunks never straddle an image (they hold one image's part, or whole images),
    so the input gradient's col2im of different units never adds into one element. Chunks depend
    on the shape only, never on the thread count, and so do the results, bit for bit.
    """

    def __init__(self, geom, x_shape, groups, dtype):
        self.geom, self.groups, self.dtype = geom, groups, dtype
        self.x_shape, self.n, self.c = tuple(x_shape), x_shape[0], x_shape[-1]
        self.k = geom.window_size
        self.kc = self.k * self.c
        self.pointwise = _pointwise(geom, groups)
        self.tap_major = _tap_major(self.c, groups)
        # every rank as the kernels' 3-D one: missing leading axes of size 1, window 1, stride 1,
        # dilation 1, no padding; plain ints, so that every geometry shares one specialisation
        lead = 3 - geom.rank
        ones = (1,) * lead
        self.shape_3d = (self.n, *ones, *x_shape[1:-1], self.c)
        self.geo = tuple(int(v) for v in (*ones, *geom.out_sizes, *ones, *geom.window, *ones, *geom.strides,
                                          *ones, *geom.dilations, *(0,) * lead, *(b for b, _ in geom.pads)))
        self.units = _image_units(self.n, math.prod(geom.out_sizes),
                                  max(1, COMPILED_CHUNK_BYTES // (self.kc * dtype.itemsize)))
        self.chunks = [chunk for unit in self.units for chunk in unit]
        self.longest = max(stop - start for start, stop in self.chunks)

    def _buffer(self):
        return None if self.pointwise else np.empty(self.longest * self.kc, self.dtype)

    def _columns(self, x, buffer, start, stop):
        """The columns ``[positions, K * C]`` of one chunk (tap-major ones as a transposed view)."""
        if self.pointwise:
            return x.reshape(-1, self.c)[start:stop]
        count = stop - start
        if self.tap_major:
            cols = buffer[:self.kc * count].reshape(self.kc, count)
            _compiled.pack_taps(x.reshape(self.shape_3d), cols, start, self.geo)
            return cols.T
        cols = buffer[:self.kc * count].reshape(count, self.kc)
        _compiled.pack_positions(x.reshape(self.shape_3d), cols, start, self.geo)
        return cols

    def forward(self, x, w, out, epilogue=None):
        x, w = np.ascontiguousarray(x), np.ascontiguousarray(w)  # (w: reshaped per chunk, never copied)
        rows = out.reshape(-1, out.shape[-1])

        def work(i, buffer):
            start, stop = self.chunks[i]
            _columns_times_filter(np, self._columns(x, buffer, start, stop), w, rows[start:stop])
            if epilogue is not None:  # while the chunk's rows are in this core's cache
                _epilogue_kernels.affine_clamp_rows(rows[start:stop], *epilogue, rows[start:stop])

        run_on_threads(len(self.chunks), work, self._buffer)

    def filter_gradient(self, x, dy, w_shape):
        """Sums per fixed block of chunks (each block's sum on one thread), then the blocks in order."""
        x, grads = np.ascontiguousarray(x), np.ascontiguousarray(dy).reshape(-1, dy.shape[-1])
        cg, o = w_shape[-2:]
        og = o // self.groups
        blocks = fixed_blocks(len(self.chunks), self.k * cg * o * self.dtype.itemsize)
        partials = np.empty((len(blocks), self.k, cg, o), self.dtype)

        def work(b, buffer):
            dw = partials[b]
            for i, (start, stop) in enumerate(self.chunks[blocks[b]]):
                cols, grad = self._columns(x, buffer, start, stop), grads[start:stop]
                if self.groups == 1:
                    if i == 0:  # the block's first product is its partial sum (no zeros to add to)
                        np.matmul(cols.T, grad, out=dw.reshape(self.kc, o))
                    else:
                        dw += (cols.T @ grad).reshape(self.k, cg, o)
                    continue
                if i == 0:
                    dw[...] = 0
                cols = cols.reshape(stop - start, self.k, self.c)
                for g in range(self.groups):
                    a = cols[:, :, g * cg:(g + 1) * cg].reshape(stop - start, self.k * cg)
                    dw[:, :, g * og:(g + 1) * og] += (a.T @ grad[:, g * og:(g + 1) * og]).reshape(self.k, cg, og)

        run_on_threads(len(blocks), work, self._buffer)
        dw = partials[0]
        for partial in partials[1:]:
            dw += partial
        return dw.reshape(w_shape)

    def input_gradient(self, w, dy):
        """``dx``, by units: ``dy`` times the whole filter gives a chunk's columns position-major (one
        wide product), and the compiled col2im adds them onto ``dx``."""
        cg, o = w.shape[-2:]
        og = o // self.groups
        # the filter as [groups, og, K * cg]: group g's og channels of dy times it give g's columns
        w_t = np.ascontiguousarray(w.reshape(self.k, cg, self.groups, og).transpose(2, 3, 0, 1))
        w_t = w_t.reshape(self.groups, og, self.k * cg)
        grads = np.ascontiguousarray(dy).reshape(-1, o)
        # a 1x1 stride-1 product writes every element; col2im adds onto zeros
        dx = (np.empty if self.pointwise else np.zeros)(self.shape_3d, self.dtype)

        def work(u, buffer):
            for start, stop in self.units[u]:
                grad = grads[start:stop]
                if self.pointwise:
                    np.matmul(grad, w_t[0], out=dx.reshape(-1, self.c)[start:stop])
                    continue
                cols = buffer[:(stop - start) * self.kc].reshape(stop - start, self.kc)
                if self.groups == 1:
                    np.matmul(grad, w_t[0], out=cols)
                else:
                    per_tap = cols.reshape(stop - start, self.k, self.c)
                    for g in range(self.groups):
                        per_tap[:, :, g * cg:(g + 1) * cg] = (grad[:, g * og:(g + 1) * og] @ w_t[g]).reshape(
                            stop - start, self.k, cg)
                _compiled.add_positions(dx, cols, start, self.geo)

        run_on_threads(len(self.units), work, self._buffer)
        return dx.reshape(self.x_shape)


def _image_units(n, per_image, size):
    """Units of chunks ``(start, stop)`` of flat output positions, about ``size`` long each.

    A unit is either whole images in one chunk, or one image cut into nearly equal chunks.
    """
    if per_image <= size:
        step = size // per_image
        return [[(first * per_image, min(first + step, n) * per_image)] for first in range(0, n, step)]
    parts = -(-per_image // size)
    size = -(-per_image // parts)
    return [[(image * per_image + s, image * per_image + min(s + size, per_image)) for s in range(0, per_image, size)]
            for image in range(n)]



# ---------------------------------------------------------------------------------------------
# The NumPy/CuPy path: im2col by one strided copy per chunk (``columns``), col2im tap by tap.

def _xp_conv(x, w, geom, out):
    xp = get_array_module(x, w)
    n, c, o = x.shape[0], x.shape[-1], w.shape[-1]
    k = geom.window_size
    tap_major = _tap_major(c, c // w.shape[-2])
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        cols = columns(buffer, x, geom, box, tap_major)
        _columns_times_filter(xp, cols, w, out[box_slices(box)].reshape(cols.shape[0], o))


def _columns_times_filter(xp, cols, w, out):
    positions = cols.shape[0]
    k = math.prod(w.shape[:-2])
    cg, o = w.shape[-2:]
    groups = cols.shape[1] // (k * cg)
    if groups == 1:
        xp.matmul(cols, w.reshape(k * cg, o), out=out)
        return
    og = o // groups
    cols = cols.reshape(positions, k, groups * cg)
    wg = w.reshape(k, cg, groups, og)
    for g in range(groups):
        a = cols[:, :, g * cg:(g + 1) * cg].reshape(positions, k * cg)
        out[:, g * og:(g + 1) * og] = a @ wg[:, :, g, :].reshape(k * cg, og)


def _xp_backprop_filter(x, w_shape, dy, geom):
    xp = get_array_module(x, dy)
    n, c = x.shape[0], x.shape[-1]
    cg, o = w_shape[-2:]
    groups, og = c // cg, o // (c // cg)
    k = geom.window_size
    dw = xp.zeros((k, cg, o), x.dtype)
    tap_major = _tap_major(c, groups)
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        cols = columns(buffer, x, geom, box, tap_major)
        positions = cols.shape[0]
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            dw += (cols.T @ grad).reshape(k, c, o)
            continue
        cols = cols.reshape(positions, k, c)
        for g in range(groups):
            a = cols[:, :, g * cg:(g + 1) * cg].reshape(positions, k * cg)
            dw[:, :, g * og:(g + 1) * og] += (a.T @ grad[:, g * og:(g + 1) * og]).reshape(k, cg, og)
    return dw.reshape(w_shape)


def _xp_backprop_input(dx, w, dy, geom):
    """Adds onto ``dx`` per chunk: ``dy @ w[t].T`` for every tap ``t`` at once (tap-major columns
    ``[K, positions, C]``, so each tap's block is contiguous), then each block onto the inputs its tap read."""
    xp = get_array_module(w, dy)
    n, c = dx.shape[0], dx.shape[-1]
    cg, o = w.shape[-2:]
    groups, og = c // cg, o // (c // cg)
    k = geom.window_size
    position_bytes = k * c * dy.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, dy.dtype)
    # w[t].T per tap and group: [groups, K, og, cg]
    w_t = xp.ascontiguousarray(w.reshape(k, cg, groups, og).transpose(2, 0, 3, 1))
    for box in chunks(n, geom.out_sizes, position_bytes):
        shape = box_shape(box)
        positions = math.prod(shape)
        cols = buffer[:k * positions * c].reshape(k, positions, c)
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            xp.matmul(grad, w_t[0], out=cols)
        else:
            for g in range(groups):
                cols[:, :, g * cg:(g + 1) * cg] = xp.matmul(grad[:, g * og:(g + 1) * og], w_t[g])
        add_windows(dx, cols.reshape(k, *shape, c), geom, box)


def _check_batch_and_depth(x_shape, w_shape, dy_shape, op_name):
    if len(dy_shape) != len(x_shape):
        raise InvalidArgumentError(f"{op_name}: out_backprop must be {len(x_shape)}-dimensional "
                                   f"(out_backprop shape {list(dy_shape)}) [Op:{op_name}]")
    if dy_shape[-1] != w_shape[-1]:
        raise InvalidArgumentError(f"{op_name}: filter and out_backprop must have the same out_depth "
                                   f"(filter shape {list(w_shape)}, out_backprop shape {list(dy_shape)}) "
                                   f"[Op:{op_name}]")
    if dy_shape[0] != x_shape[0]:
        raise InvalidArgumentError(f"{op_name}: input and out_backprop must have the same batch size. Input batch: "
                                   f"{x_shape[0]}, outbackprop batch: {dy_shape[0]}, batch_dim: 0 "
                                   f"(input shape {list(x_shape)}, out_backprop shape {list(dy_shape)}) "
                                   f"[Op:{op_name}]")

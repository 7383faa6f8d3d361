"""Matrix products and basic linear algebra (``tf.linalg``)."""

from __future__ import annotations

import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.primitive import declare, match_dtypes
from . import shapes
from .math import FLOAT_COMPLEX, INTS


def _matmul_dims(a_shape, b_shape, ta, tb):
    if len(a_shape) < 2 or len(b_shape) < 2:
        raise InvalidArgumentError(f"In[0] and In[1] must be at least rank 2: In[0]: {list(a_shape)}, "
                                   f"In[1]: {list(b_shape)} [Op:MatMul]")
    m, ka = (a_shape[-1], a_shape[-2]) if ta else (a_shape[-2], a_shape[-1])
    kb, n = (b_shape[-1], b_shape[-2]) if tb else (b_shape[-2], b_shape[-1])
    if ka is not None and kb is not None and ka != kb:
        raise InvalidArgumentError(f"Matrix size-incompatible: In[0]: {_text(a_shape)}, In[1]: {_text(b_shape)} "
                                   "[Op:MatMul]")
    return m, n


def _text(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _matmul_infer(a, b, *, transpose_a, transpose_b):
    sa, sb = a._shape_tuple(), b._shape_tuple()
    m, n = _matmul_dims(sa, sb, transpose_a, transpose_b)
    batch = shapes.broadcast_shapes(sa[:-2], sb[:-2])
    return batch + (m, n), a.dtype


def _matmul_kernel(a, b, *, transpose_a, transpose_b):
    if a.ndim < 2 or b.ndim < 2 or (a.shape[-2] if transpose_a else a.shape[-1]) != \
            (b.shape[-1] if transpose_b else b.shape[-2]):
        _matmul_dims(a.shape, b.shape, transpose_a, transpose_b)
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def _matmul_grad(op, g):
    """TF's rules: each case of transposition is again one matmul with transposition flags."""
    a, b = op.inputs
    ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
    if not ta and not tb:
        ga, gb = (g, b, False, True), (a, g, True, False)
    elif ta and not tb:
        ga, gb = (b, g, False, True), (a, g, False, False)
    elif not ta and tb:
        ga, gb = (g, b, False, False), (g, a, True, False)
    else:
        ga, gb = (b, g, True, True), (g, a, True, True)
    return (MATMUL(ga[0], ga[1], transpose_a=ga[2], transpose_b=ga[3]) if op.needs[0] else None,
            MATMUL(gb[0], gb[1], transpose_a=gb[2], transpose_b=gb[3]) if op.needs[1] else None)


MATMUL = declare("MatMul", _matmul_kernel, _matmul_infer, _matmul_grad, allowed=FLOAT_COMPLEX + INTS[:4])


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False,
           b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, name=None):
    """Matrix product of the last two axes, broadcasting the batch axes.

    >>> import tensorflux as tf
    >>> tf.matmul(tf.ones((2, 3)), tf.ones((3, 4))).shape
    TensorShape([2, 4])
    """
    a, b = match_dtypes((a, b), "MatMul")
    if adjoint_a or adjoint_b:
        from .math import conj

        a = conj(a) if adjoint_a and a.dtype.is_complex else a
        b = conj(b) if adjoint_b and b.dtype.is_complex else b
    return MATMUL(a, b, transpose_a=bool(transpose_a or adjoint_a), transpose_b=bool(transpose_b or adjoint_b),
                  name=name)

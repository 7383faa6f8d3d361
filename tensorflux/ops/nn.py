"""Activations, softmax, cross-entropies, moments, dropout and other ``tf.nn`` functions
(convolution and pooling live in their own files)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import AbortedError, InvalidArgumentError
from ..framework.primitive import as_input, declare, match_dtypes
from ..framework.shape import TensorShape
from ..framework.tape import stop_gradient
from . import array as array_ops
from . import kernels
from . import math as math_ops
from . import random as random_ops
from . import reduce as reduce_ops
from . import shapes
from .math import FLOATS

# ---------------------------------------------------------------------------------------------
# Activations with a kernel of their own: exact TF gradients at the kinks, one pass over memory.
#
# Each kernel has two forms. A large float32/float64 NumPy array (``_compiles``) goes to the
# compiled kernel in ``kernels/activations.py``: one pass, on every core. Anything else — a small
# array, where starting threads costs more than the pass (an MLP's activations), another dtype,
# a strided view, a CuPy array — takes the NumPy expression beside it, which is also the oracle
# the compiled kernels are tested against.

_compiled = kernels.lazy("activations")  # imports Numba on first use, never at ``import tensorflux``

COMPILED_MIN_SIZE = 1 << 17  # elements: below it, NumPy's one pass costs less than waking the threads
_COMPILED_DTYPES = kernels.FLOATS


def _compiles(x) -> bool:
    """Whether ``x`` goes to a compiled kernel: a C-contiguous float32/float64 NumPy array.

    Callers test ``size >= COMPILED_MIN_SIZE`` first, inline, so a small tensor pays one comparison.
    """
    return type(x) is np.ndarray and x.dtype in _COMPILED_DTYPES and x.flags.c_contiguous


def _compiles_with(x, y) -> bool:
    """``_compiles(x)``, and ``y`` is a C-contiguous NumPy array of the same shape and dtype."""
    return (_compiles(x) and type(y) is np.ndarray and y.shape == x.shape and y.dtype == x.dtype
            and y.flags.c_contiguous)


def _elementwise(kernel, *arrays):
    """Runs a compiled elementwise ``kernel`` on flat views of ``arrays``, into a new array."""
    out = np.empty_like(arrays[0])
    kernel(*[a.reshape(-1) for a in arrays], out.reshape(-1))
    return out


def _relu_kernel(x):
    if x.size >= COMPILED_MIN_SIZE and _compiles(x):
        return _elementwise(_compiled.relu, x)
    return np.maximum(x, np.zeros((), x.dtype))


def _relu_grad_kernel(g, y):
    if g.size >= COMPILED_MIN_SIZE and _compiles_with(g, y):
        return _elementwise(_compiled.relu_grad, g, y)
    return g * (y > 0)  # a bool mask multiplies ~6x faster than np.where with a scalar


def _relu6_kernel(x):
    if x.size >= COMPILED_MIN_SIZE and _compiles(x):
        return _elementwise(_compiled.relu6, x)
    return np.clip(x, 0, 6).astype(x.dtype, copy=False)


def _relu6_grad_kernel(g, x):
    if g.size >= COMPILED_MIN_SIZE and _compiles_with(g, x):
        return _elementwise(_compiled.relu6_grad, g, x)
    return g * ((x > 0) & (x < 6))  # neither kink passes the gradient (TF's Relu6Grad)


def _gradient_like(g, x):
    return g._shape_tuple(), g.dtype


RELU = declare("Relu", _relu_kernel, shapes.same, lambda op, g: RELU_GRAD(g, op.outputs[0]),
               allowed=FLOATS + math_ops.INTS)
# One pass instead of compare, cast and multiply; linear in g, so its own gradient is itself.
RELU_GRAD = declare("ReluGrad", _relu_grad_kernel, _gradient_like, lambda op, gg: (RELU_GRAD(gg, op.inputs[1]), None))
# As TF: Relu6's gradient reads its output (0 < y < 6 exactly where 0 < x < 6), so its input may be freed.
RELU6 = declare("Relu6", _relu6_kernel, shapes.same, lambda op, g: RELU6_GRAD(g, op.outputs[0]),
                allowed=math_ops.REAL)
RELU6_GRAD = declare("Relu6Grad", _relu6_grad_kernel, _gradient_like,
                     lambda op, gg: (RELU6_GRAD(gg, op.inputs[1]), None))
ELU = declare("Elu", lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))).astype(x.dtype, copy=False),
              shapes.same,
              lambda op, g: math_ops.where(op.inputs[0] > 0, g, g * (op.outputs[0] + 1)), allowed=FLOATS)


def relu(features, name=None):
    """max(x, 0).

    >>> import tensorflux as tf
    >>> tf.nn.relu([-1.0, 2.0]).numpy()
    array([0., 2.], dtype=float32)
    """
    return RELU(as_input(features), name=name)


def relu6(features, name=None):
    """min(max(x, 0), 6)."""
    return RELU6(as_input(features), name=name)


def elu(features, name=None):
    """x for x > 0, exp(x) - 1 otherwise."""
    return ELU(as_input(features), name=name)


def selu(features, name=None):
    """Scaled ELU with the constants of Klambauer et al. (as TF)."""
    x = math_ops.require_dtype(as_input(features), FLOATS, "Selu")
    alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    return scale * math_ops.where(x > 0, x, alpha * elu(x))


def leaky_relu(features, alpha=0.2, name=None):
    """x for x > 0, alpha * x otherwise."""
    x = as_input(features)
    if x.dtype.is_bool:
        math_ops.require_dtype(x, FLOATS, "LeakyRelu")
    if x.dtype.is_integer:  # TF computes integer input in float32
        x = math_ops.cast(x, dtypes.float32)
    return math_ops.where(x > 0, x, x * alpha)


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit; ``approximate`` uses the tanh formula."""
    x = _floating(as_input(features), "features")
    if approximate:
        inner = np.sqrt(2 / np.pi) * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1 + math_ops.tanh(inner))
    return 0.5 * x * (1 + math_ops.erf(x * (1 / np.sqrt(2))))


def silu(features, beta=1.0, name=None):
    """x * sigmoid(beta * x) (also called swish)."""
    x = as_input(features)
    return x * math_ops.sigmoid(x * beta) if beta != 1.0 else x * math_ops.sigmoid(x)


swish = silu


def _floating(x, what):
    if not x.dtype.is_floating:
        raise ValueError(f"`{what}.dtype` must be a floating point tensor.Received:{what}.dtype=<dtype: "
                         f"'{x.dtype.name}'>")
    return x


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x)."""
    return -math_ops.softplus(-as_input(x))


# ---------------------------------------------------------------------------------------------
# Softmax and log-softmax along any axis, computed stably.

def _softmax_kernel(x, *, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax_kernel(x, *, axis):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _softmax_grad(op, g):
    y, axis = op.outputs[0], op.attrs["axis"]
    return y * (g - reduce_ops.reduce_sum(g * y, axis, keepdims=True))


def _log_softmax_grad(op, g):
    y, axis = op.outputs[0], op.attrs["axis"]
    return g - math_ops.exp(y) * reduce_ops.reduce_sum(g, axis, keepdims=True)


def _axis_infer(x, *, axis):
    return x._shape_tuple(), x.dtype


SOFTMAX = declare("Softmax", _softmax_kernel, _axis_infer, _softmax_grad, allowed=FLOATS)
LOG_SOFTMAX = declare("LogSoftmax", _log_softmax_kernel, _axis_infer, _log_softmax_grad, allowed=FLOATS)


def _axis_of(x, axis):
    rank = len(x._shape_tuple())
    if rank == 0:
        raise AbortedError("Input dims must be <= 5 and >=1 [Op:Softmax]")
    if not -rank <= axis < rank:
        raise InvalidArgumentError(f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of "
                                   f"dimensions in the input. Received: dim={axis}")
    return axis % rank


def softmax(logits, axis=None, name=None):
    """exp(x) / sum(exp(x)) along ``axis`` (the last by default).

    >>> import tensorflux as tf
    >>> tf.nn.softmax([0.0, 0.0]).numpy()
    array([0.5, 0.5], dtype=float32)
    """
    x = as_input(logits)
    return SOFTMAX(x, axis=_axis_of(x, -1 if axis is None else axis), name=name)


def log_softmax(logits, axis=None, name=None):
    """log(softmax(x)) along ``axis``, without overflow."""
    x = as_input(logits)
    return LOG_SOFTMAX(x, axis=_axis_of(x, -1 if axis is None else axis), name=name)


# ---------------------------------------------------------------------------------------------
# Cross-entropies: fused kernels for the value, gradients in ops (so they differentiate again).

def _xent_infer(labels, logits, *, axis):
    return shapes.reduced(logits._shape_tuple(), (axis,), False), logits.dtype


def _xent_kernel(labels, logits, *, axis):
    return -(labels * _log_softmax_kernel(logits, axis=axis)).sum(axis=axis)


def _xent_grad(op, g):
    labels, logits = op.inputs
    axis = op.attrs["axis"]
    g = array_ops.expand_dims(g, axis)
    g_logits = g * (softmax(logits, axis) - labels) if op.needs[1] else None
    g_labels = -g * log_softmax(logits, axis) if op.needs[0] else None
    return g_labels, g_logits


SOFTMAX_XENT = declare("SoftmaxCrossEntropyWithLogits", _xent_kernel, _xent_infer, _xent_grad, allowed=FLOATS)


def _dims(x) -> str:
    return "[" + ",".join(str(d) for d in x._shape_tuple()) + "]"


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits)) along ``axis``, computed stably.

    >>> import tensorflux as tf
    >>> round(float(tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[0.0, 0.0]])[0]), 4)
    0.6931
    """
    logits = as_input(logits)
    labels, logits = match_dtypes((as_input(labels, hint=logits.dtype, cast_arrays=True), logits),
                                  "SoftmaxCrossEntropyWithLogits")
    if labels._shape_tuple() != logits._shape_tuple() and None not in labels._shape_tuple() + logits._shape_tuple():
        raise InvalidArgumentError(f"logits and labels must be broadcastable: logits_size={_dims(logits)} "
                                   f"labels_size={_dims(labels)} [Op:SoftmaxCrossEntropyWithLogits]")
    return SOFTMAX_XENT(labels, logits, axis=_axis_of(logits, axis), name=name)


def _sparse_xent_infer(labels, logits):
    return logits._shape_tuple()[:-1], logits.dtype


def _sparse_xent_kernel(labels, logits):
    classes = logits.shape[-1]
    bad = (labels < 0) | (labels >= classes)
    if bad.any():
        raise InvalidArgumentError(f"Received a label value of {int(labels[bad].ravel()[0])} which is outside the "
                                   f"valid range of [0, {classes}).  Label values: "
                                   f"{' '.join(str(v) for v in labels.ravel()[:20].tolist())} "
                                   "[Op:SparseSoftmaxCrossEntropyWithLogits]")
    log_p = _log_softmax_kernel(logits, axis=-1)
    return -np.take_along_axis(log_p, labels[..., None].astype(np.intp), -1)[..., 0]


def _sparse_xent_grad(op, g):
    labels, logits = op.inputs
    hot = array_ops.one_hot(labels, logits._shape_tuple()[-1], dtype=logits.dtype)
    return None, array_ops.expand_dims(g, -1) * (softmax(logits) - hot)


SPARSE_XENT = declare("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent_kernel, _sparse_xent_infer,
                      _sparse_xent_grad)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross-entropy of integer class ``labels`` against ``logits`` ``[..., classes]``.

    >>> import tensorflux as tf
    >>> round(float(tf.nn.sparse_softmax_cross_entropy_with_logits([1], [[0.0, 0.0]])[0]), 4)
    0.6931
    """
    logits = math_ops.require_dtype(as_input(logits), FLOATS, "SparseSoftmaxCrossEntropyWithLogits")
    labels = math_ops.require_dtype(as_input(labels), (dtypes.int32, dtypes.int64),
                                    "SparseSoftmaxCrossEntropyWithLogits", attr="Tlabels")
    ls, gs = labels._shape_tuple(), logits._shape_tuple()
    if len(ls) != len(gs) - 1 or (None not in ls + gs[:-1] and ls != gs[:-1]):
        raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                         f"labels.shape={TensorShape(ls)} of rank {len(ls)} and logits.shape={TensorShape(gs)} of "
                         f"rank {len(gs)}")
    return SPARSE_XENT(labels, logits, name=name)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Binary cross-entropy from logits, as TF computes it: max(x, 0) - x*z + log(1 + exp(-|x|)).

    >>> import tensorflux as tf
    >>> round(float(tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0], logits=[0.0])[0]), 4)
    0.6931
    """
    logits = as_input(logits)
    labels, logits = match_dtypes((as_input(labels, hint=logits.dtype, cast_arrays=True), logits),
                                  "SigmoidCrossEntropyWithLogits")
    if None not in labels._shape_tuple() + logits._shape_tuple() and labels._shape_tuple() != logits._shape_tuple():
        raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                         f"{labels.shape}).")
    zeros = math_ops.zeros_like(logits)
    positive = logits >= zeros
    relu_logits = math_ops.where(positive, logits, zeros)
    neg_abs_logits = math_ops.where(positive, -logits, logits)
    return relu_logits - logits * labels + math_ops.log1p(math_ops.exp(neg_abs_logits))


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy with the positive term weighted by ``pos_weight``."""
    logits = as_input(logits)
    labels = as_input(labels, hint=logits.dtype, cast_arrays=True)
    log_weight = 1 + (pos_weight - 1) * labels
    return (1 - labels) * logits + log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits)))
                                                 + relu(-logits))


# ---------------------------------------------------------------------------------------------
# Statistics, normalisation, regularisation.

def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance over ``axes`` (TF stops the gradient of the mean inside the variance).

    >>> import tensorflux as tf
    >>> mean, var = tf.nn.moments(tf.constant([1.0, 3.0]), axes=[0])
    >>> float(mean), float(var)
    (2.0, 1.0)
    """
    x = as_input(x)
    mean = reduce_ops.reduce_mean(x, axes, keepdims=True)
    variance = reduce_ops.reduce_mean(math_ops.squared_difference(x, stop_gradient(mean)), axes, keepdims=True)
    if not keepdims:
        squeeze_axes = list(shapes.normalize_axis(reduce_ops._axis(axes), len(x._shape_tuple())))
        mean, variance = array_ops.squeeze(mean, squeeze_axes), array_ops.squeeze(variance, squeeze_axes)
    return mean, variance


def l2_loss(t, name=None):
    """sum(t²) / 2 (floating tensors only, as TF's L2Loss)."""
    t = math_ops.require_dtype(as_input(t), FLOATS, "L2Loss")
    return reduce_ops.reduce_sum(math_ops.square(t)) / 2


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(|x|²), epsilon)) along ``axis``.

    >>> import tensorflux as tf
    >>> tf.nn.l2_normalize([3.0, 4.0]).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    x = as_input(x)
    axis = axis if dim is None else dim
    if x.dtype.is_complex:
        re, im = math_ops.real(x), math_ops.imag(x)
        square_sum = reduce_ops.reduce_sum(math_ops.square(re) + math_ops.square(im), axis, keepdims=True)
        inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, as_input(epsilon, square_sum.dtype)))
        return math_ops.complex(re * inv_norm, im * inv_norm)
    square_sum = reduce_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
    return x * math_ops.rsqrt(math_ops.maximum(square_sum, as_input(epsilon, x.dtype)))


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, the bias along the channel axis (last for NHWC, 1 for NCHW)."""
    value, bias = match_dtypes((value, bias), "BiasAdd")
    if len(bias._shape_tuple()) != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {len(bias._shape_tuple())} for bias_add")
    if data_format is not None and data_format.startswith("NC"):
        rank = len(value._shape_tuple())
        bias = array_ops.reshape(bias, [-1] + [1] * (rank - 2))
    return value + bias


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) / sqrt(variance + epsilon) * scale + offset."""
    x = as_input(x)
    inv = math_ops.rsqrt(variance + variance_epsilon)
    if scale is not None:
        inv = inv * scale
    return x * inv + (offset - mean * inv if offset is not None else -mean * inv)


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes elements with probability ``rate`` and scales the rest by 1 / (1 - rate).

    >>> import tensorflux as tf
    >>> tf.nn.dropout(tf.ones(4), rate=0.0).numpy()
    array([1., 1., 1., 1.], dtype=float32)
    """
    x = as_input(x)
    if not x.dtype.is_floating:
        raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                         f"x_dtype=<dtype: '{x.dtype.name}'>")
    rate = float(np.asarray(getattr(rate, "_value", rate)))
    if not 0 <= rate < 1:
        raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
    if rate == 0:
        return array_ops.identity(x)
    shape = x._shape_tuple() if noise_shape is None else tuple(int(d) for d in noise_shape)
    keep = random_ops.uniform(shape, dtype=x.dtype, seed=seed) >= rate
    return x * math_ops.cast(keep, x.dtype) * (1 / (1 - rate))

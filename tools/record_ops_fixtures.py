"""Records real TensorFlow's op behaviours into ``tests/fixtures/ops/*.json``.

Run it with the reference environment (it needs TensorFlow; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_ops_fixtures.py

Every case is one Python expression evaluated with ``tf``, ``np`` and ``sys`` in scope. The
fixture stores the expression and its outcome — the dtype, shape and values of the resulting
tensor(s), or the error's class and message — and ``tests/ops/test_tf_fixtures.py`` evaluates the
same expression with tensorflux and compares. Files:

- ``dtypes.json``: every op on every common dtype (which dtypes TF accepts, and the result's dtype).
- ``behaviour.json``: peculiar results (integer division, integer means, range dtypes, one_hot
  defaults, top_k ties …).
- ``errors.json``: bad input — the error class and message.
- ``print.json``: what ``tf.print`` writes.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ops"
ENV = {"tf": tf, "np": np, "sys": sys}

# ---------------------------------------------------------------------------------------------
# (a) Each op on each dtype: ``{x}`` is a 2x2 tensor of the dtype, ``{y}`` another one.

DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool", "complex64"]
X = "tf.cast(tf.constant([[1.5, 2.0], [0.25, 3.0]]), tf.{dtype})"
Y = "tf.cast(tf.constant([[1.5, 1.0], [2.0, 1.0]]), tf.{dtype})"

UNARY = ["negative", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "reciprocal", "sigmoid",
         "softplus", "erf", "floor", "ceil", "round", "is_nan", "is_inf", "is_finite", "logical_not", "conj",
         "softsign"]
BINARY = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "pow", "maximum", "minimum",
          "squared_difference", "atan2", "divide_no_nan", "equal", "not_equal", "less", "less_equal", "greater",
          "greater_equal", "logical_and", "logical_or", "logical_xor", "xlogy"]
DTYPE_OPS = (
    [f"tf.math.{op}({{x}})" for op in UNARY]
    + [f"tf.math.{op}({{x}}, {{y}})" for op in BINARY]
    + ["tf.bitwise.invert({x})", "tf.bitwise.bitwise_and({x}, {y})", "{x} + {y}", "{x} / {y}", "{x} // {y}",
       "{x} % {y}", "{x} ** {y}", "-{x}", "abs({x})", "{x} @ {y}", "{x} < {y}", "{x} & {y}", "~{x}"]
    + [f"tf.nn.{op}({{x}})" for op in ["relu", "relu6", "elu", "selu", "gelu", "leaky_relu", "softmax",
                                       "log_softmax", "silu", "l2_loss", "log_sigmoid"]]
    + ["tf.nn.moments({x}, axes=[0])", "tf.nn.l2_normalize({x}, axis=1)", "tf.nn.dropout({x}, rate=0.0)",
       "tf.nn.softmax_cross_entropy_with_logits({y}, {x})", "tf.nn.sigmoid_cross_entropy_with_logits({y}, {x})"]
    + [f"tf.math.{op}({{x}}, axis=1)" for op in ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min",
                                                 "reduce_prod", "reduce_std", "reduce_variance",
                                                 "reduce_logsumexp", "reduce_all", "reduce_any", "argmax",
                                                 "argmin", "cumsum", "cumprod", "reduce_euclidean_norm",
                                                 "count_nonzero"]]
    + ["tf.reduce_mean({x})", "tf.reduce_sum({x}, keepdims=True)"]
    + ["tf.identity({x})", "tf.reshape({x}, [-1])", "tf.transpose({x})", "tf.expand_dims({x}, 0)",
       "tf.squeeze(tf.expand_dims({x}, 0))", "tf.concat([{x}, {y}], 0)", "tf.stack([{x}, {y}])", "tf.unstack({x})",
       "tf.split({x}, 2, axis=1)", "tf.tile({x}, [1, 2])", "tf.pad({x}, [[1, 0], [0, 1]])",
       "tf.pad({x}, [[1, 1], [0, 1]], mode='REFLECT')", "tf.broadcast_to({x}, [2, 2, 2])", "tf.reverse({x}, [0])",
       "tf.gather({x}, [1, 0])", "tf.gather_nd({x}, [[1, 0]])", "tf.boolean_mask({x}, [True, False])",
       "tf.where([[True, False], [False, True]], {x}, {y})", "tf.where({x})", "tf.shape({x})", "tf.rank({x})",
       "tf.size({x})", "tf.zeros_like({x})", "tf.ones_like({x})", "tf.fill([2], {x}[0, 0])",
       "tf.sort({x})", "tf.argsort({x})", "tf.math.top_k({x}, 1)", "tf.clip_by_value({x}, {y}, {x})",
       "tf.tensor_scatter_nd_update({x}, [[0, 0]], {y}[0, :1])", "tf.one_hot([0, 1], 2, on_value={x}[0, 0], "
       "off_value={y}[0, 0])", "tf.cast({x}, tf.int32)", "tf.cast({x}, tf.float32)", "tf.cast({x}, tf.bool)"]
    + ["tf.matmul({x}, {y})", "tf.matmul({x}, {y}, transpose_a=True)", "tf.einsum('ij,jk->ik', {x}, {y})",
       "tf.tensordot({x}, {y}, 1)", "tf.linalg.inv({x})", "tf.linalg.det({x})", "tf.linalg.slogdet({x})",
       "tf.linalg.cholesky({x} @ tf.transpose({x}))", "tf.linalg.solve({x}, {y})", "tf.linalg.trace({x})",
       "tf.linalg.diag({x}[0])", "tf.linalg.diag_part({x})", "tf.linalg.band_part({x}, 0, -1)",
       "tf.linalg.matrix_transpose({x})", "tf.norm({x})", "tf.norm({x}, ord=1, axis=[0, 1])",
       "tf.linalg.l2_normalize({x})", "tf.linalg.global_norm([{x}, {y}])", "tf.clip_by_norm({x}, 1.0)",
       "tf.clip_by_global_norm([{x}], 1.0)"]
)


def dtype_cases() -> list[str]:
    return [op.format(x=X.format(dtype=d), y=Y.format(dtype=d)) for op in DTYPE_OPS for d in DTYPES]


# ---------------------------------------------------------------------------------------------
# (b) Peculiar results.

BEHAVIOUR = [
    # integer division and modulo
    "tf.constant([7, -7]) / tf.constant([2, 2])", "tf.constant([7, -7], tf.int8) / tf.constant([2, 2], tf.int8)",
    "tf.constant([7, -7], tf.int16) / 2", "tf.constant([7, -7], tf.int64) / 2", "tf.constant([7, -7]) // 2",
    "tf.constant([7, -7]) % 3", "tf.constant([7.5, -7.5]) // 2.0", "tf.constant([7.5, -7.5]) % 2.0",
    "tf.math.floormod(tf.constant([7, -7]), tf.constant([-3, -3]))", "tf.math.truediv(1, 2)",
    "tf.constant(2) ** 3", "tf.constant(2.0) ** -1", "tf.math.pow(tf.constant([0.0, 2.0]), 0.0)",
    "tf.math.divide_no_nan(tf.constant([1.0, 1.0]), tf.constant([0.0, 2.0]))",
    "tf.math.xlogy(tf.constant([0.0, 2.0]), tf.constant([0.0, 3.0]))",
    "tf.math.sign(tf.constant([-2.0, 0.0, 3.0, float('nan')]))", "tf.math.round(tf.constant([0.5, 1.5, 2.5, -0.5]))",
    "tf.cast(tf.constant([1.7, -1.7, 2.5]), tf.int32)", "tf.cast(tf.constant([-1.0, 300.0]), tf.uint8)",
    "tf.cast(tf.constant([0.0, 0.5]), tf.bool)", "tf.cast(tf.constant([True, False]), tf.float32)",
    "tf.cast(tf.constant([1 + 2j]), tf.float32)", "tf.cast(tf.constant([300]), tf.int8)",
    "tf.cast(tf.constant(1.5), tf.float64)", "tf.cast(tf.constant([3.7]), tf.int64)",
    "tf.maximum(tf.constant([1.0, float('nan')]), tf.constant([float('nan'), 2.0]))",
    "tf.clip_by_value(tf.constant([1, 5, 9]), 2, 7)", "tf.clip_by_value(tf.constant([[-2.0, 3.0]]), [-1.0], [1.0])",
    "tf.math.sigmoid(tf.constant([-100.0, 0.0, 100.0]))", "tf.math.softplus(tf.constant([-100.0, 0.0, 100.0]))",
    "tf.math.exp(tf.constant([100.0]))", "tf.math.log(tf.constant([0.0, -1.0]))",
    "tf.math.sqrt(tf.constant([-1.0]))",
    # reductions
    "tf.reduce_mean(tf.constant([1, 2]))", "tf.reduce_mean(tf.constant([-1, -2]))",
    "tf.reduce_mean(tf.constant([[1, 2], [4, 7]]), axis=0)", "tf.reduce_mean(tf.constant([1, 2], tf.uint8))",
    "tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=[0, 1])", "tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), -1)",
    "tf.reduce_sum(tf.zeros((0, 3)), axis=0)", "tf.reduce_max(tf.zeros((0,)))", "tf.reduce_min(tf.zeros((0,)))",
    "tf.reduce_max(tf.zeros((0,), tf.int32))", "tf.reduce_prod(tf.zeros((0,)))", "tf.reduce_mean(tf.zeros((0,)))",
    "tf.reduce_sum(tf.constant([[1.0, 2.0]]), axis=tf.constant(1))", "tf.reduce_sum(tf.constant(3.0))",
    "tf.reduce_logsumexp(tf.constant([-float('inf'), -float('inf')]))",
    "tf.reduce_logsumexp(tf.constant([1000.0, 1000.0]))", "tf.reduce_all(tf.constant([[True, False]]), axis=1)",
    "tf.reduce_any(tf.zeros((0,), tf.bool))", "tf.math.reduce_std(tf.constant([1.0, 2.0, 4.0]))",
    "tf.math.reduce_variance(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=0, keepdims=True)",
    "tf.argmax(tf.constant([1.0, 3.0, 3.0]))", "tf.argmax(tf.constant([[1, 5], [7, 2]]), axis=1)",
    "tf.argmax(tf.constant([1.0, 3.0]), output_type=tf.int32)", "tf.argmin(tf.constant([2.0, 1.0, 1.0]))",
    "tf.argmax(tf.constant([float('nan'), 1.0]))", "tf.argmax(tf.constant([True, False, True]))",
    "tf.math.cumsum(tf.constant([1, 2, 3]), exclusive=True)", "tf.math.cumsum(tf.constant([1, 2, 3]), reverse=True)",
    "tf.math.cumsum(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1, exclusive=True, reverse=True)",
    "tf.math.cumprod(tf.constant([1, 2, 3]), exclusive=True)", "tf.math.count_nonzero(tf.constant([0.0, 1.0, 2.0]))",
    # creation
    "tf.range(5)", "tf.range(5.0)", "tf.range(1, 5, 2)", "tf.range(0, 1, 0.25)", "tf.range(np.int64(3))",
    "tf.range(3, dtype=tf.float64)", "tf.range(5, 0, -1)", "tf.range(0)", "tf.range(1, 2.5)",
    "tf.range(tf.constant(4))", "tf.range(2, 7, 2, dtype=tf.int64)", "tf.range(3, 1)", "tf.range(0.5, 2)",
    "tf.linspace(0.0, 1.0, 5)", "tf.linspace(0, 10, 3)", "tf.linspace(tf.constant(0.0, tf.float64), 1.0, 3)",
    "tf.linspace([0.0, 1.0], [1.0, 3.0], 3)", "tf.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=1)",
    "tf.linspace(0.0, 1.0, 1)",
    "tf.zeros([2, 3])", "tf.zeros((2,), tf.int32)", "tf.ones(3, tf.bool)", "tf.ones([])", "tf.zeros([0, 2])",
    "tf.fill([2, 2], 7)", "tf.fill([2], 1.5)", "tf.fill((2, 1), True)", "tf.eye(2)", "tf.eye(2, 3, dtype=tf.int32)",
    "tf.eye(2, batch_shape=[2])", "tf.ones_like([1, 2])", "tf.zeros_like([1.5])", "tf.ones_like([1, 2], tf.float32)",
    "tf.zeros_like(tf.constant([True]))", "tf.convert_to_tensor([1, 2], dtype_hint=tf.float32)",
    "tf.convert_to_tensor(np.float64(1.5))", "tf.identity([1, 2])",
    # shapes
    "tf.reshape(tf.range(6), [2, -1])", "tf.reshape(tf.range(6), [-1])", "tf.reshape(tf.range(6), (3, 2))",
    "tf.reshape(tf.constant(5), [1, 1])", "tf.reshape(tf.zeros((0, 3)), [-1, 3])",
    "tf.transpose(tf.reshape(tf.range(6), [1, 2, 3]), [2, 0, 1])", "tf.transpose(tf.constant([1, 2]))",
    "tf.expand_dims(tf.constant([1, 2]), -1)", "tf.expand_dims(tf.constant(1), 0)",
    "tf.squeeze(tf.zeros((1, 2, 1)))", "tf.squeeze(tf.zeros((1, 2, 1)), [2])", "tf.squeeze(tf.zeros((1, 2, 1)), -1)",
    "tf.concat([[1, 2], [3]], 0)", "tf.concat([tf.zeros((1, 2)), tf.ones((1, 2))], -1)",
    "tf.stack([1, 2])", "tf.stack([[1, 2], [3, 4]], axis=1)", "tf.stack([[1, 2], [3, 4]], axis=-1)",
    "tf.unstack(tf.constant([[1, 2], [3, 4]]), axis=1)", "tf.split(tf.range(6), [1, -1, 2])",
    "tf.split(tf.reshape(tf.range(6), [2, 3]), 3, axis=1)", "tf.tile([1, 2], [3])",
    "tf.pad([[1, 2]], [[1, 0], [0, 2]], constant_values=9)", "tf.pad([1, 2, 3], [[2, 2]], mode='REFLECT')",
    "tf.pad([1, 2, 3], [[2, 1]], mode='SYMMETRIC')", "tf.broadcast_to(1.5, [2, 2])",
    "tf.reverse([[1, 2], [3, 4]], [-1])", "tf.reverse([[1, 2], [3, 4]], [0, 1])",
    "tf.gather([[1, 2], [3, 4]], [1], axis=1)", "tf.gather([[1, 2], [3, 4]], [[0, 1], [1, 1]])",
    "tf.gather([[1, 2], [3, 4]], [[1], [0]], axis=1, batch_dims=1)", "tf.gather([1, 2, 3], tf.constant([2], tf.int64))",
    "tf.gather_nd([[1, 2], [3, 4]], [[0, 1], [1, 0]])", "tf.gather_nd([[1, 2], [3, 4]], [[1]])",
    "tf.boolean_mask([[1, 2], [3, 4]], [False, True])", "tf.boolean_mask([[1, 2], [3, 4]], [[True, False], [False, True]])",
    "tf.boolean_mask([[1, 2], [3, 4]], [True, False], axis=1)", "tf.where([True, False, True])",
    "tf.where([[True, False], [True, True]])", "tf.where([True, False], [1, 2], [3, 4])",
    "tf.where([[True], [False]], [1, 2], 0)", "tf.where(tf.constant([0, 3]) > 1, 1.0, 0.0)",
    "tf.one_hot([0, 2], 3)", "tf.one_hot([0, -1, 5], 3)", "tf.one_hot([0, 1], 2, on_value=5, off_value=-1)",
    "tf.one_hot([0, 1], 3, axis=0)", "tf.one_hot([[0, 1]], 2, axis=1)", "tf.one_hot([0, 1], 2, dtype=tf.int64)",
    "tf.one_hot([0], 2, on_value=True, off_value=False)", "tf.one_hot(tf.constant([1], tf.uint8), 2)",
    "tf.one_hot(1, 3)", "tf.shape(tf.zeros((2, 3)), out_type=tf.int64)", "tf.rank(tf.zeros((2, 3)))",
    "tf.size(tf.zeros((2, 3)))", "tf.size(tf.zeros((2, 3)), out_type=tf.int64)", "tf.shape(tf.constant(1.0))",
    "tf.math.top_k([1, 3, 3, 2, 3], k=3)", "tf.math.top_k([[1.0, 2.0], [4.0, 3.0]])",
    "tf.math.top_k([1, 2, 3], k=0)", "tf.nn.top_k([5, 1, 5], 2)",
    "tf.math.top_k([3.0, 1.0, 2.0], k=3, sorted=True)", "tf.sort([3, 1, 2], direction='DESCENDING')",
    "tf.sort([[3.0, 1.0], [0.0, 2.0]], axis=0)", "tf.sort([2.0, float('nan'), 1.0])",
    "tf.argsort([3, 1, 3, 1])", "tf.argsort([3, 1, 3, 1], direction='DESCENDING')",
    "tf.argsort([3, 1, 3, 1], stable=True)", "tf.sort(tf.constant([200, 1, 100], tf.uint8))",
    "tf.sort([True, False])", "tf.tensor_scatter_nd_update([[1, 2], [3, 4]], [[1, 0]], [9])",
    "tf.tensor_scatter_nd_update([[1, 2], [3, 4]], [[1]], [[7, 8]])",
    "tf.tensor_scatter_nd_update([1, 2, 3], [[0], [0]], [8, 9])",
    # nn
    "tf.nn.relu(tf.constant([-1, 2]))", "tf.nn.relu6(tf.constant([-1.0, 3.0, 8.0]))",
    "tf.nn.leaky_relu(tf.constant([-1.0, 2.0]))", "tf.nn.leaky_relu(tf.constant([-1.0, 2.0]), alpha=0.5)",
    "tf.nn.elu(tf.constant([-1.0, 2.0]))", "tf.nn.selu(tf.constant([-1.0, 2.0]))",
    "tf.nn.gelu(tf.constant([-1.0, 0.5, 2.0]))", "tf.nn.gelu(tf.constant([-1.0, 0.5, 2.0]), approximate=True)",
    "tf.nn.silu(tf.constant([-1.0, 2.0]))", "tf.nn.silu(tf.constant([-1.0, 2.0]), beta=2.0)",
    "tf.nn.swish(tf.constant([1.0]))", "tf.nn.softmax(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=0)",
    "tf.nn.softmax(tf.constant([1000.0, 0.0]))", "tf.nn.log_softmax(tf.constant([1000.0, 0.0]))",
    "tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=-1)",
    "tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[1000.0, 0.0]])",
    "tf.nn.softmax_cross_entropy_with_logits([[0.2, 0.8], [1.0, 0.0]], [[1.0, 2.0], [0.5, 0.0]])",
    "tf.nn.softmax_cross_entropy_with_logits([[0.2], [0.8]], [[1.0], [2.0]], axis=0)",
    "tf.nn.sparse_softmax_cross_entropy_with_logits([1, 0], [[1000.0, 0.0], [1.0, 2.0]])",
    "tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1], tf.int64), [[1.0, 2.0]])",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0, 0.5], logits=[-1000.0, 1000.0, 0.3])",
    "tf.nn.weighted_cross_entropy_with_logits([1.0, 0.0], [0.5, -0.5], 2.0)",
    "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0])",
    "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0, 1], keepdims=True)",
    "tf.nn.l2_loss(tf.constant([1.0, 2.0]))", "tf.nn.l2_normalize([3.0, 4.0])",
    "tf.nn.l2_normalize([[3.0, 4.0], [0.0, 0.0]], axis=1)", "tf.nn.dropout(tf.ones((2, 2)), rate=0.0)",
    "tf.nn.bias_add(tf.zeros((1, 2)), [1.0, 2.0])",
    # linalg
    "tf.matmul([[1, 2]], [[3], [4]])", "tf.matmul(tf.ones((2, 1, 2, 3)), tf.ones((5, 3, 1)))",
    "tf.matmul([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [1.0, 1.0]], transpose_a=True, transpose_b=True)",
    "tf.einsum('ii', tf.constant([[1.0, 2.0], [3.0, 4.0]]))", "tf.einsum('ij->', tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "tf.einsum('i,j', tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))", "tf.einsum('ij,jk', tf.constant([[1.0, 2.0]]), tf.constant([[3.0], [4.0]]))",
    "tf.einsum('...ij,...jk->...ik', tf.ones((2, 2, 3)), tf.ones((3, 4)))", "tf.einsum('ii->i', tf.constant([[1, 2], [3, 4]]))",
    "tf.einsum('bij,bkj->bik', tf.ones((2, 1, 3)), tf.ones((2, 4, 3)))", "tf.einsum('ji', tf.constant([[1, 2, 3]]))",
    "tf.tensordot([[1.0, 2.0]], [[3.0], [4.0]], axes=[[1], [0]])", "tf.tensordot([1.0, 2.0], [3.0, 4.0], 0)",
    "tf.tensordot(tf.ones((2, 3, 4)), tf.ones((4, 3)), axes=[[1, 2], [1, 0]])",
    "tf.linalg.inv([[2.0, 1.0], [1.0, 3.0]])", "tf.linalg.inv([[2.0, 1.0], [1.0, 3.0]], adjoint=True)",
    "tf.linalg.det([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 2.0], [2.0, 4.0]]])", "tf.linalg.det(tf.eye(3))",
    "tf.linalg.slogdet([[-2.0, 1.0], [1.0, 3.0]])", "tf.linalg.logdet([[2.0, 1.0], [1.0, 3.0]])",
    "tf.linalg.cholesky([[4.0, 2.0], [2.0, 3.0]])", "tf.linalg.solve([[2.0, 1.0], [1.0, 3.0]], [[1.0], [2.0]])",
    "tf.linalg.solve([[2.0, 1.0], [1.0, 3.0]], [[1.0], [2.0]], adjoint=True)",
    "tf.linalg.trace(tf.reshape(tf.range(8.0), [2, 2, 2]))", "tf.linalg.diag([1, 2])",
    "tf.linalg.diag([1.0, 2.0], k=1)", "tf.linalg.diag([1.0, 2.0], k=-1)",
    "tf.linalg.diag_part(tf.reshape(tf.range(6), [2, 3]))", "tf.linalg.diag_part(tf.reshape(tf.range(6), [3, 2]), k=-1)",
    "tf.linalg.diag_part(tf.reshape(tf.range(6), [2, 3]), k=1)",
    "tf.linalg.band_part(tf.ones((3, 4)), 1, 0)", "tf.linalg.band_part(tf.ones((3, 3)), -1, 1)",
    "tf.linalg.set_diag(tf.zeros((2, 2)), [1.0, 2.0])", "tf.linalg.matrix_transpose(tf.zeros((1, 2, 3)))",
    "tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0])", "tf.linalg.adjoint([[1 + 2j, 3j]])",
    "tf.norm([3.0, 4.0])", "tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=1, axis=[0, 1])",
    "tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=np.inf, axis=[0, 1])", "tf.norm([[1.0, -2.0], [3.0, 4.0]], ord='fro', "
    "axis=[0, 1])", "tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=1, axis=1)", "tf.norm([[1.0, -2.0], [3.0, 4.0]], "
    "ord=np.inf)", "tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=3, axis=0, keepdims=True)", "tf.linalg.norm([1.0, 2.0])",
    "tf.norm(tf.constant([3, 4]))", "tf.linalg.global_norm([tf.constant([3.0]), None, tf.constant([4.0])])",
    "tf.clip_by_norm([3.0, 4.0], 1.0)", "tf.clip_by_norm([[3.0, 4.0], [0.3, 0.4]], 1.0, axes=[1])",
    "tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])], 1.0)",
    "tf.clip_by_global_norm([tf.constant([3.0]), None], 5.0)",
    "tf.clip_by_global_norm([tf.constant([3.0])], 1.0, use_norm=tf.constant(6.0))",
]

# ---------------------------------------------------------------------------------------------
# (c) Bad input: error classes and messages.

ERRORS = [
    "tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])", "tf.add(tf.ones((2, 3)), tf.ones((3, 2)))",
    "tf.constant(1.0) + tf.constant(1.0, tf.float64)", "tf.add(tf.constant(1), tf.constant(1.0))",
    "tf.constant([1]) + tf.constant([1], tf.int64)", "tf.maximum(tf.constant(1.0), tf.constant(1))",
    "tf.constant([1.0]) + 'a'", "tf.math.equal(tf.ones(2), tf.ones(3))", "tf.where([True, False], [1, 2], [1.0, 2.0])",
    "tf.reshape(tf.range(6), [4, -1])", "tf.reshape(tf.range(6), [4])", "tf.reshape(tf.range(6), [-1, -1])",
    "tf.reshape(tf.range(6), [5, 2])", "tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))", "tf.matmul(tf.ones(3), tf.ones(3))",
    "tf.matmul(tf.ones((2, 3)), tf.ones((3, 2), tf.float64))", "tf.matmul(tf.ones((2, 2, 3)), tf.ones((3, 3, 2)))",
    "tf.concat([tf.ones((2, 3)), tf.ones((3, 2))], 0)", "tf.concat([tf.ones((2, 3)), tf.ones((2,))], 0)",
    "tf.concat([tf.ones(2), tf.ones(2, tf.int32)], 0)", "tf.concat([tf.ones(2)], 1)",
    "tf.stack([tf.ones(2), tf.ones(3)])", "tf.reduce_sum(tf.ones((2, 3)), axis=2)",
    "tf.reduce_sum(tf.ones((2, 3)), axis=-3)", "tf.reduce_mean(tf.ones((2, 3)), axis=[0, 5])",
    "tf.argmax(tf.ones((2, 3)), axis=2)", "tf.math.cumsum(tf.ones(3), axis=1)", "tf.nn.softmax(tf.ones(3), axis=1)",
    "tf.expand_dims(tf.ones(3), 3)", "tf.squeeze(tf.ones((2, 1)), 0)", "tf.squeeze(tf.ones((2, 1)), 2)",
    "tf.transpose(tf.ones((2, 3)), [0])", "tf.transpose(tf.ones((2, 3)), [0, 0])", "tf.split(tf.ones(5), 2)",
    "tf.split(tf.ones(5), [2, 2])", "tf.tile(tf.ones((2, 3)), [2])", "tf.pad(tf.ones((2, 3)), [[1, 1]])",
    "tf.pad(tf.ones(3), [[3, 0]], mode='REFLECT')", "tf.gather([1, 2, 3], [3])", "tf.gather([1, 2, 3], [-1])",
    "tf.gather([1, 2, 3], [0.5])", "tf.gather([[1, 2]], [0], axis=2)", "tf.gather_nd([[1, 2]], [[1, 0]])",
    "tf.broadcast_to([1, 2, 3], [2, 2])", "tf.boolean_mask([1, 2, 3], [True, False])",
    "tf.one_hot([0.5], 2)", "tf.unstack(tf.ones((2, 3)), num=3)", "tf.math.top_k([1, 2], k=3)",
    "tf.math.top_k([1, 2], k=-1)", "tf.sort([1, 2], direction='UP')", "tf.cast(tf.constant('a'), tf.float32)",
    "tf.math.sqrt(tf.constant([4]))", "tf.nn.relu(tf.constant([True]))", "tf.reduce_sum(tf.constant([True]))",
    "tf.math.logical_and(tf.constant([1]), tf.constant([1]))", "tf.reduce_all(tf.constant([1.0]))",
    "tf.nn.softmax(tf.constant([1, 2]))", "tf.nn.softmax_cross_entropy_with_logits([[1.0, 0.0]], [[1.0, 0.0, 0.0]])",
    "tf.nn.sparse_softmax_cross_entropy_with_logits([2], [[1.0, 0.0]])",
    "tf.nn.sparse_softmax_cross_entropy_with_logits([[1]], [[1.0, 0.0]])",
    "tf.nn.sparse_softmax_cross_entropy_with_logits([1.0], [[1.0, 0.0]])",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0], logits=[1.0, 2.0])", "tf.nn.dropout(tf.ones(2), rate=1.0)",
    "tf.nn.dropout(tf.ones(2, tf.int32), rate=0.5)", "tf.range(0, 5, 0)", "tf.zeros([-1])", "tf.fill([2], [1, 2])",
    "tf.linalg.inv([[1.0, 2.0], [2.0, 4.0]])", "tf.linalg.inv(tf.ones((2, 3)))", "tf.linalg.det(tf.ones((2, 3)))",
    "tf.linalg.cholesky([[1.0, 2.0], [2.0, 1.0]])", "tf.linalg.solve(tf.eye(2), tf.ones((3, 1)))",
    "tf.linalg.solve([[1.0, 2.0], [2.0, 4.0]], tf.ones((2, 1)))", "tf.einsum('ij,jk->ik', tf.ones((2, 3)), "
    "tf.ones((2, 3)))", "tf.einsum('ij->ik', tf.ones((2, 3)))", "tf.einsum('ij', tf.ones(3))",
    "tf.tensordot(tf.ones((2, 3)), tf.ones((2, 3)), 1)", "tf.norm([1.0], ord=-1)", "tf.norm(tf.ones((2, 2)), "
    "ord='fro', axis=0)", "tf.linalg.inv(tf.constant([[1, 0], [0, 1]]))",
    "tf.tensor_scatter_nd_update([1, 2, 3], [[5]], [1])", "tf.clip_by_value(tf.constant([1.0]), 0, 1)",
    "tf.random.uniform([2], maxval=1, dtype=tf.int32, minval=3)", "tf.random.uniform([2], dtype=tf.int32)",
    "tf.random.normal([2], dtype=tf.int32)", "tf.random.categorical([1.0, 2.0], 2)",
    "tf.constant([1, 2]) // tf.constant([1, 0])", "tf.constant([1, 2]) % tf.constant([0, 1])",
    "tf.math.floordiv(tf.constant([1], tf.int64), tf.constant([0], tf.int64))", "tf.cast(tf.constant([1.0]), tf.string)",
    "tf.nn.softmax(tf.zeros(()))", "tf.reshape(tf.ones((2, 3)), [2, 2])",
]

# ---------------------------------------------------------------------------------------------
# (d) tf.print.

PRINT = [
    "tf.print(tf.constant([1.5, 2.0, -3.25]), output_stream=sys.stdout)",
    "tf.print(tf.constant(1.0 / 3.0), output_stream=sys.stdout)",
    "tf.print(tf.constant(1.0 / 3.0, tf.float64), output_stream=sys.stdout)",
    "tf.print(tf.constant(1e-8), tf.constant(123456789.0), tf.constant(1e20), output_stream=sys.stdout)",
    "tf.print(tf.constant([1, 2, 3]), output_stream=sys.stdout)",
    "tf.print(tf.constant([True, False]), output_stream=sys.stdout)",
    "tf.print(tf.constant(['a', 'bc']), output_stream=sys.stdout)",
    "tf.print(tf.constant([[1, 2], [3, 4]]), output_stream=sys.stdout)",
    "tf.print(tf.range(10), output_stream=sys.stdout)",
    "tf.print(tf.reshape(tf.range(64), [8, 8]), output_stream=sys.stdout)",
    "tf.print(tf.range(10), summarize=-1, output_stream=sys.stdout)",
    "tf.print(tf.range(10), summarize=2, output_stream=sys.stdout)",
    "tf.print(tf.reshape(tf.range(8), [2, 2, 2]), output_stream=sys.stdout)",
    "tf.print('loss:', tf.constant(0.5), 'step', 3, output_stream=sys.stdout)",
    "tf.print('a', 'b', sep=', ', end='!\\n', output_stream=sys.stdout)",
    "tf.print({'x': tf.constant([1, 2])}, output_stream=sys.stdout)",
    "tf.print([tf.constant(1.5), 2], output_stream=sys.stdout)",
    "tf.print(tf.zeros((0,)), output_stream=sys.stdout)",
    "tf.print(tf.constant([float('nan'), float('inf'), -float('inf')]), output_stream=sys.stdout)",
    "tf.print(tf.constant([0.1, 100.0, 1e-5]), output_stream=sys.stdout)",
    "tf.print(tf.constant(1, tf.int64), tf.constant(2, tf.uint8), output_stream=sys.stdout)",
    "tf.print(tf.constant(0.1, tf.float16), output_stream=sys.stdout)",
    "tf.print(tf.constant(-0.0), output_stream=sys.stdout)",
    "tf.print(tf.constant([1 + 2j]), output_stream=sys.stdout)",
    "tf.print(tf.Variable([1.0, 2.0]), output_stream=sys.stdout)",
    "tf.print(output_stream=sys.stdout)", "tf.print([[1, 2]], output_stream=sys.stdout)",
    "tf.print(tf.constant([[0.5]], tf.float64), (tf.constant(True),), output_stream=sys.stdout)",
]


# ---------------------------------------------------------------------------------------------
# Running and describing.

def describe(value):
    """A JSON-able description of a result: tensors by dtype, shape and values; sequences item by item."""
    if isinstance(value, (tf.Tensor, tf.Variable)):
        array = np.asarray(value.numpy())
        return {"type": "tensor", "dtype": value.dtype.name, "shape": list(array.shape), "value": plain(array)}
    if isinstance(value, (list, tuple)):
        return {"type": "sequence", "items": [describe(v) for v in value]}
    if value is None:
        return {"type": "none"}
    return {"type": type(value).__name__, "repr": repr(value)}


def plain(array: np.ndarray):
    """Values as JSON: numbers (NaN and infinities as strings), bytes as text, complex as [re, im]."""
    if array.dtype.kind == "c":
        return np.stack([array.real, array.imag], -1).astype(np.float64).tolist()
    if array.dtype.kind in "OSU":
        return np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else str(v), otypes=[object])(array).tolist()
    if array.dtype.kind == "b":
        return array.tolist()
    return array.astype(np.float64 if array.dtype.kind == "f" or array.dtype.name == "bfloat16" else array.dtype
                        ).tolist()


def error_message(error: BaseException) -> str:
    text = str(error)
    text = re.sub(r"^\{\{function_node [^}]*\}\} ", "", text)
    return re.sub(r" name: [^ ]*$", "", text).strip()


def outcome(expr: str) -> dict:
    try:
        out = describe(eval(expr, dict(ENV)))
    except Exception as e:  # noqa: BLE001 - the error is the outcome being recorded
        out = {"error": type(e).__name__, "message": error_message(e)}
    return {"expr": expr, **out}


def printed(expr: str) -> dict:
    """What ``tf.print`` writes to file descriptor 1 (TF's kernel writes there, not to ``sys.stdout``)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        try:
            eval(expr, dict(ENV))
            sys.stdout.flush()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        capture.seek(0)
        text = capture.read().decode()
    return {"expr": expr, "printed": text}


def write(name: str, cases: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    header = json.dumps({"tensorflow_version": tf.__version__, "numpy_version": np.__version__})[:-1]
    lines = ",\n".join(json.dumps(c) for c in cases)  # one case a line: small, readable diffs
    (OUT / f"{name}.json").write_text(f'{header}, "cases": [\n{lines}\n]}}\n')
    print(f"{name}.json: {len(cases)} cases", file=sys.stderr)


def main() -> None:
    write("dtypes", [outcome(e) for e in dtype_cases()])
    write("behaviour", [outcome(e) for e in BEHAVIOUR])
    write("errors", [outcome(e) for e in ERRORS])
    write("print", [printed(e) for e in PRINT])


if __name__ == "__main__":
    main()

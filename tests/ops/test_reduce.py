"""Reductions and cumulative ops against NumPy, with gradients to second order."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import Case, apart, check_case_gradients, check_float64, check_forward, gradient_of, params, pos, rand
from scipy import special

import tensorflux as tf

M = tf.math
X = apart(2, 3)

REDUCE = [
    Case("sum_all", tf.reduce_sum, [X], np.sum),
    Case("sum_axis", lambda x: tf.reduce_sum(x, axis=1), [X], lambda x: x.sum(1)),
    Case("sum_negative_axis_keepdims", lambda x: tf.reduce_sum(x, -1, keepdims=True), [X],
         lambda x: x.sum(-1, keepdims=True)),
    Case("sum_axes_list", lambda x: tf.reduce_sum(x, [0, 2]), [rand(2, 3, 2)], lambda x: x.sum((0, 2))),
    Case("mean", lambda x: tf.reduce_mean(x, 0), [X], lambda x: x.mean(0)),
    Case("mean_keepdims", lambda x: tf.reduce_mean(x, keepdims=True), [X], lambda x: x.mean(keepdims=True)),
    Case("max", lambda x: tf.reduce_max(x, 1), [X], lambda x: x.max(1)),
    Case("min", lambda x: tf.reduce_min(x, 0, keepdims=True), [X], lambda x: x.min(0, keepdims=True)),
    Case("prod", lambda x: tf.reduce_prod(x, 1), [pos(2, 3)], lambda x: x.prod(1)),
    Case("prod_all", tf.reduce_prod, [rand(2, 2)], np.prod),
    Case("std", lambda x: M.reduce_std(x, 1), [X], lambda x: x.std(1)),
    Case("variance", lambda x: M.reduce_variance(x, 0, keepdims=True), [X], lambda x: x.var(0, keepdims=True)),
    Case("logsumexp", lambda x: tf.reduce_logsumexp(x, 1), [rand(2, 3, low=-3, high=3)],
         lambda x: special.logsumexp(x, 1)),
    Case("logsumexp_large", tf.reduce_logsumexp, [np.array([1000.0, 1000.5])], special.logsumexp),
    Case("euclidean_norm", lambda x: M.reduce_euclidean_norm(x, 1), [X], lambda x: np.sqrt((x * x).sum(1))),
    Case("cumsum", lambda x: M.cumsum(x, 1), [X], lambda x: np.cumsum(x, 1)),
    Case("cumsum_exclusive_reverse", lambda x: M.cumsum(x, 0, exclusive=True, reverse=True), [X],
         lambda x: np.flip(np.cumsum(np.flip(x, 0), 0), 0) - x),
    Case("cumprod", lambda x: M.cumprod(x, 1), [pos(2, 3)], lambda x: np.cumprod(x, 1)),
    Case("cumprod_exclusive", lambda x: M.cumprod(x, 1, exclusive=True), [pos(2, 3)],
         lambda x: np.cumprod(x, 1) / x),
    Case("argmax_int64", lambda x: tf.argmax(x, 1), [X], lambda x: np.argmax(x, 1), grad=0),
    Case("argmin_int32", lambda x: tf.argmin(x, output_type=tf.int32), [X], lambda x: np.argmin(x, 0), grad=0),
    Case("count_nonzero", lambda x: M.count_nonzero(x, 1), [np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0]])],
         lambda x: np.count_nonzero(x, 1), grad=0),
    Case("all_any", lambda x: tf.cast(tf.reduce_all(x > -1, 0), tf.int32) + tf.cast(tf.reduce_any(x > 0, 0), tf.int32),
         [X], lambda x: (x > -1).all(0).astype(np.int32) + (x > 0).any(0).astype(np.int32), grad=0),
]


@pytest.mark.parametrize("case", params(REDUCE))
def test_forward_matches_numpy(case, run_mode):
    check_forward(case, run_mode)


@pytest.mark.parametrize("case", params(REDUCE))
def test_float64_stays_float64(case, run_mode):
    check_float64(case, run_mode)


@pytest.mark.parametrize("case", params([c for c in REDUCE if c.grad]))
def test_gradients(case, run_mode):
    check_case_gradients(case, run_mode)


@pytest.mark.parametrize("fn", [tf.argmax, tf.argmin, lambda x: tf.reduce_all(x > 0), lambda x: M.count_nonzero(x)],
                         ids=["argmax", "argmin", "reduce_all", "count_nonzero"])
def test_not_differentiable_reductions_give_none(fn):
    assert gradient_of(fn, X)[0] is None


@pytest.mark.parametrize("expr,expected,dtype", [
    (lambda: tf.reduce_mean(tf.constant([1, 2])), 1, tf.int32),
    (lambda: tf.reduce_mean(tf.constant([-1, -2])), -1, tf.int32),
    (lambda: tf.argmax([1.0, 3.0]), 1, tf.int64),
    (lambda: tf.reduce_sum(tf.constant([1, 2], tf.int64)), 3, tf.int64),
], ids=["int_mean_truncates", "negative_int_mean_truncates_toward_zero", "argmax_int64", "int64_sum"])
def test_integer_reductions(expr, expected, dtype):
    out = expr()
    assert out.dtype == dtype and int(out) == expected

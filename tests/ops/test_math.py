"""Elementwise math: every unary and binary op against NumPy, gradients to second order, None
gradients where TF gives none."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import Case, apart, check_case_gradients, check_float64, check_forward, gradient_of, params, pos, rand
from scipy import special

import tensorflux as tf

M = tf.math


def unary(name, fn, ref, x, grad=2, **tol):
    return Case(name, fn, [x], ref, grad, **tol)


def binary(name, fn, ref, x, y, grad=2, **tol):
    return Case(name, fn, [x, y], ref, grad, **tol)


MATH = [
    unary("negative", M.negative, np.negative, rand(2, 3)),
    unary("abs", M.abs, np.abs, apart(2, 3)),
    unary("sign", M.sign, np.sign, apart(2, 3)),
    unary("square", M.square, np.square, rand(2, 3)),
    unary("sqrt", M.sqrt, np.sqrt, pos(2, 3)),
    unary("rsqrt", M.rsqrt, lambda x: 1 / np.sqrt(x), pos(2, 3)),
    unary("exp", M.exp, np.exp, rand(2, 3)),
    unary("log", M.log, np.log, pos(2, 3)),
    unary("log1p", M.log1p, np.log1p, pos(2, 3)),
    unary("expm1", M.expm1, np.expm1, rand(2, 3)),
    unary("sin", M.sin, np.sin, rand(2, 3)),
    unary("cos", M.cos, np.cos, rand(2, 3)),
    unary("tan", M.tan, np.tan, rand(2, 3)),
    unary("asin", M.asin, np.arcsin, rand(2, 3, low=-0.8, high=0.8)),
    unary("acos", M.acos, np.arccos, rand(2, 3, low=-0.8, high=0.8)),
    unary("atan", M.atan, np.arctan, rand(2, 3)),
    unary("sinh", M.sinh, np.sinh, rand(2, 3)),
    unary("cosh", M.cosh, np.cosh, rand(2, 3)),
    unary("tanh", M.tanh, np.tanh, rand(2, 3)),
    unary("asinh", M.asinh, np.arcsinh, rand(2, 3)),
    unary("acosh", M.acosh, np.arccosh, rand(2, 3, low=1.5, high=3.0)),
    unary("atanh", M.atanh, np.arctanh, rand(2, 3, low=-0.8, high=0.8)),
    unary("reciprocal", M.reciprocal, np.reciprocal, pos(2, 3)),
    unary("sigmoid", M.sigmoid, special.expit, rand(2, 3, low=-4, high=4)),
    unary("sigmoid_extreme", M.sigmoid, special.expit, np.array([-100.0, -20.0, 0.0, 20.0, 100.0]), grad=0),
    unary("softplus", M.softplus, lambda x: np.logaddexp(0, x), rand(2, 3, low=-4, high=4)),
    unary("softplus_extreme", M.softplus, lambda x: np.logaddexp(0, x), np.array([-100.0, -20.0, 20.0, 100.0]),
          grad=0),
    unary("softsign", M.softsign, lambda x: x / (1 + np.abs(x)), apart(2, 3)),
    unary("erf", M.erf, special.erf, rand(2, 3)),
    unary("floor", M.floor, np.floor, rand(2, 3, low=-3, high=3), grad=0),
    unary("ceil", M.ceil, np.ceil, rand(2, 3, low=-3, high=3), grad=0),
    unary("round", M.round, np.round, np.array([0.5, 1.5, 2.5, -0.5, 0.3]), grad=0),
    unary("conj_of_real", M.conj, lambda x: x, rand(3)),
    unary("real_of_real", M.real, lambda x: x, rand(3)),
    unary("imag_of_real", M.imag, np.zeros_like, rand(3), grad=0),
    unary("complex_abs", lambda x: M.abs(M.complex(x, 2 * x)), lambda x: np.abs(x + 2j * x), apart(2, 2)),
    unary("complex_parts", lambda x: M.real(M.complex(x, x * x)) + M.imag(M.complex(x, x * x)),
          lambda x: x + x * x, rand(2, 2)),
    unary("conj_complex", lambda x: M.imag(M.conj(M.complex(x, x * x))), lambda x: -x * x, rand(3)),
    unary("is_nan", M.is_nan, np.isnan, np.array([1.0, np.nan, np.inf]), grad=0),
    unary("is_inf", M.is_inf, np.isinf, np.array([1.0, np.nan, -np.inf]), grad=0),
    unary("is_finite", M.is_finite, np.isfinite, np.array([1.0, np.nan, np.inf]), grad=0),
    unary("operator_neg_abs", lambda x: abs(-x), np.abs, apart(2, 3)),
    binary("add", M.add, np.add, rand(2, 3), rand(3)),
    binary("subtract", M.subtract, np.subtract, rand(2, 3), rand(2, 1)),
    binary("multiply", M.multiply, np.multiply, rand(2, 3), rand(1, 3)),
    binary("divide", M.divide, np.divide, rand(2, 3), pos(3)),
    binary("truediv_operator", lambda x, y: x / y, np.divide, rand(3), pos(2, 1)),
    binary("floordiv", M.floordiv, np.floor_divide, rand(2, 3, low=-5, high=5), pos(3), grad=0),
    binary("floormod", M.floormod, np.mod, rand(2, 3, low=0.1, high=0.9), np.array([1.3, 1.7, 2.1])),
    binary("pow", M.pow, np.power, pos(2, 3), rand(3)),
    binary("pow_operator", lambda x, y: x ** y, np.power, pos(3), rand(2, 3)),
    binary("maximum", M.maximum, np.maximum, apart(2, 3), apart(2, 3, gap=0.13)),
    binary("minimum", M.minimum, np.minimum, apart(2, 3), apart(3, gap=0.17)),
    binary("squared_difference", M.squared_difference, lambda x, y: (x - y) ** 2, rand(2, 3), rand(3)),
    binary("atan2", M.atan2, np.arctan2, rand(2, 3), pos(2, 3)),
    binary("divide_no_nan", M.divide_no_nan, np.divide, rand(2, 3), pos(2, 3)),
    binary("divide_no_nan_zero", M.divide_no_nan, lambda x, y: np.where(y == 0, 0.0, x / np.where(y == 0, 1, y)),
           rand(3), np.array([0.0, 2.0, 0.5]), grad=0),
    binary("xlogy", M.xlogy, lambda x, y: x * np.log(y), rand(2, 3), pos(2, 3)),
    binary("clip_by_value", lambda x, lo: tf.clip_by_value(x, lo, lo + 0.5), lambda x, lo: np.clip(x, lo, lo + 0.5),
           apart(2, 3), np.array([-0.33, 0.01, 0.22]), grad=2),
    Case("add_n", lambda a, b, c: M.add_n([a, b, c]), [rand(2, 2), rand(2, 2), rand(2, 2)],
         lambda a, b, c: a + b + c),
    Case("where", lambda x, y: tf.where(x > y, x, y * 2), [apart(2, 3), apart(2, 3, gap=0.07)],
         lambda x, y: np.where(x > y, x, y * 2)),
    Case("where_broadcast", lambda x, y: tf.where([[True], [False]], x, y), [rand(2, 3), rand(3)],
         lambda x, y: np.where([[True], [False]], x, y)),
    Case("cast_round_trip", lambda x: tf.cast(tf.cast(x, tf.float64) * 2, x.dtype), [rand(3)], lambda x: x * 2),
    Case("scalar_mul", lambda x: M.scalar_mul(3.0, x), [rand(3)], lambda x: 3 * x),
    Case("ones_zeros_like", lambda x: tf.ones_like(x) + tf.zeros_like(x) + x, [rand(3)], lambda x: x + 1),
]


@pytest.mark.parametrize("case", params(MATH))
def test_forward_matches_numpy(case, run_mode):
    check_forward(case, run_mode)


@pytest.mark.parametrize("case", params(MATH))
def test_float64_stays_float64(case, run_mode):
    check_float64(case, run_mode)


@pytest.mark.parametrize("case", params([c for c in MATH if c.grad]))
def test_gradients(case, run_mode):
    check_case_gradients(case, run_mode)


NOT_DIFFERENTIABLE = [
    ("sign", M.sign), ("floor", M.floor), ("ceil", M.ceil), ("round", M.round), ("is_nan", M.is_nan),
    ("less", lambda x: x < 0.5), ("greater_equal", lambda x: M.greater_equal(x, 0.5)), ("equal", lambda x: x == 0.5),
    ("not_equal", lambda x: M.not_equal(x, 0.0)), ("cast_to_int", lambda x: tf.cast(x, tf.int32)),
    ("cast_to_bool", lambda x: tf.cast(x, tf.bool)), ("floordiv", lambda x: x // 0.3),
    ("logical", lambda x: M.logical_and(x > 0, x < 1)),
]


@pytest.mark.parametrize("name,fn", NOT_DIFFERENTIABLE, ids=[n for n, _ in NOT_DIFFERENTIABLE])
def test_not_differentiable_ops_give_none(name, fn):
    (g,) = gradient_of(fn, rand(4))
    if name == "sign":  # TF's Sign has a zero gradient, not None
        np.testing.assert_array_equal(g, np.zeros(4))
    else:
        assert g is None


INTEGER_AND_BOOL = [
    ("int_floordiv", lambda: tf.constant([7, -7]) // 2, [3, -4]),
    ("int_mod", lambda: tf.constant([7, -7]) % 3, [1, 2]),
    ("int_truediv_float64", lambda: tf.constant([1, 3]) / tf.constant([2, 2]), [0.5, 1.5]),
    ("bitwise", lambda: tf.bitwise.bitwise_xor(tf.constant([5]), tf.constant([3])), [6]),
    ("invert", lambda: tf.bitwise.invert(tf.constant([0], tf.uint8)), [255]),
    ("logical_xor", lambda: M.logical_xor([True, True, False], [True, False, False]), [False, True, False]),
    ("logical_not", lambda: M.logical_not([True, False]), [False, True]),
]


@pytest.mark.parametrize("name,fn,expected", INTEGER_AND_BOOL, ids=[c[0] for c in INTEGER_AND_BOOL])
def test_integer_and_bool_results(name, fn, expected):
    np.testing.assert_array_equal(fn().numpy(), expected)

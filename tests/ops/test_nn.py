"""tf.nn: activations, softmax, cross-entropies, moments, l2_loss and dropout against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import Case, apart, check_case_gradients, check_float64, check_forward, gradient_of, params, rand
from scipy import special

import tensorflux as tf

N = tf.nn
X = apart(2, 3)
LOGITS = rand(2, 3, low=-2, high=2)
LABELS = special.softmax(rand(2, 3), axis=1)
SELU = (1.6732632423543772848170429916717, 1.0507009873554804934193349852946)


def _gelu(x):
    return 0.5 * x * (1 + special.erf(x / np.sqrt(2)))


def _xent(labels, logits, axis=-1):
    return -(labels * special.log_softmax(logits, axis=axis)).sum(axis)


NN = [
    Case("relu", N.relu, [X], lambda x: np.maximum(x, 0)),
    Case("relu6", N.relu6, [apart(2, 3, gap=1.3)], lambda x: np.clip(x, 0, 6)),
    Case("elu", N.elu, [X], lambda x: np.where(x > 0, x, np.expm1(x))),
    Case("selu", N.selu, [X], lambda x: SELU[1] * np.where(x > 0, x, SELU[0] * np.expm1(x))),
    Case("gelu", N.gelu, [X], _gelu),
    Case("gelu_tanh", lambda x: N.gelu(x, approximate=True), [X],
         lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    Case("leaky_relu", N.leaky_relu, [X], lambda x: np.where(x > 0, x, 0.2 * x)),
    Case("leaky_relu_alpha", lambda x: N.leaky_relu(x, alpha=0.5), [X], lambda x: np.where(x > 0, x, 0.5 * x)),
    Case("silu", N.silu, [X], lambda x: x * special.expit(x)),
    Case("swish_beta", lambda x: N.swish(x, beta=2.0), [X], lambda x: x * special.expit(2 * x)),
    Case("sigmoid", N.sigmoid, [X], special.expit),
    Case("softplus", N.softplus, [X], lambda x: np.logaddexp(0, x)),
    Case("softsign", N.softsign, [X], lambda x: x / (1 + np.abs(x))),
    Case("tanh", N.tanh, [X], np.tanh),
    Case("log_sigmoid", tf.math.log_sigmoid, [X], lambda x: -np.logaddexp(0, -x)),
    Case("softmax", N.softmax, [LOGITS], lambda x: special.softmax(x, -1)),
    Case("softmax_axis0", lambda x: N.softmax(x, axis=0), [LOGITS], lambda x: special.softmax(x, 0)),
    Case("softmax_stable", N.softmax, [np.array([1000.0, 0.0, -1000.0])], lambda x: special.softmax(x), grad=0),
    Case("log_softmax", N.log_softmax, [LOGITS], lambda x: special.log_softmax(x, -1)),
    Case("log_softmax_axis0", lambda x: N.log_softmax(x, axis=0), [LOGITS], lambda x: special.log_softmax(x, 0)),
    Case("softmax_xent", lambda y, x: N.softmax_cross_entropy_with_logits(y, x), [LABELS, LOGITS], _xent),
    # labels are distributions along the class axis: TF's gradient (softmax - labels) assumes they sum to 1
    Case("softmax_xent_axis0", lambda y, x: N.softmax_cross_entropy_with_logits(y, x, axis=0),
         [special.softmax(LABELS, axis=0), LOGITS], lambda y, x: _xent(y, x, 0)),
    Case("softmax_xent_stable", lambda y, x: N.softmax_cross_entropy_with_logits(y, x),
         [np.array([[0.0, 1.0]]), np.array([[1000.0, 0.0]])], lambda y, x: np.array([1000.0]), grad=0),
    Case("sparse_xent", lambda x: N.sparse_softmax_cross_entropy_with_logits(np.array([2, 0]), x), [LOGITS],
         lambda x: -special.log_softmax(x, 1)[[0, 1], [2, 0]]),
    Case("sigmoid_xent", lambda y, x: N.sigmoid_cross_entropy_with_logits(labels=y, logits=x),
         [rand(2, 3, low=0, high=1), X], lambda y, x: np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))),
    Case("sigmoid_xent_stable", lambda y, x: N.sigmoid_cross_entropy_with_logits(labels=y, logits=x),
         [np.array([1.0, 0.0]), np.array([-1000.0, 1000.0])], lambda y, x: np.array([1000.0, 1000.0]), grad=0),
    Case("weighted_xent", lambda y, x: N.weighted_cross_entropy_with_logits(y, x, 2.0),
         [rand(2, 3, low=0, high=1), X],
         lambda y, x: (1 - y) * x + (1 + y) * (np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0))),
    # TF's moments stops the gradient of the mean inside the variance: its first derivative is the
    # true one (the dropped term sums to zero), its second is not, so order 1.
    Case("moments", lambda x: N.moments(x, axes=[0]), [X], lambda x: (x.mean(0), x.var(0)), grad=1),
    Case("moments_keepdims", lambda x: N.moments(x, axes=[0, 1], keepdims=True), [X],
         lambda x: (x.mean(keepdims=True), x.var(keepdims=True)), grad=1),
    Case("l2_loss", N.l2_loss, [X], lambda x: (x * x).sum() / 2),
    Case("l2_normalize", lambda x: N.l2_normalize(x, axis=1), [X],
         lambda x: x / np.sqrt((x * x).sum(1, keepdims=True))),
    Case("bias_add", lambda x, b: N.bias_add(x, b), [X, rand(3)], lambda x, b: x + b),
    Case("dropout_rate_0", lambda x: N.dropout(x, rate=0.0), [X], lambda x: x),
]


@pytest.mark.parametrize("case", params(NN))
def test_forward_matches_numpy(case, run_mode):
    check_forward(case, run_mode)


@pytest.mark.parametrize("case", params(NN))
def test_float64_stays_float64(case, run_mode):
    check_float64(case, run_mode)


@pytest.mark.parametrize("case", params([c for c in NN if c.grad]))
def test_gradients(case, run_mode):
    check_case_gradients(case, run_mode)


def test_dropout_keeps_expectation_and_scales():
    tf.random.set_seed(3)
    x = tf.ones((200, 50))
    y = N.dropout(x, rate=0.25).numpy()
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1 / 0.75, rtol=1e-6)
    assert abs(kept.mean() - 0.75) < 0.02
    assert y.dtype == np.float32


def test_dropout_gradient_is_the_mask():
    tf.random.set_seed(4)
    x = tf.constant(rand(4, 5))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = N.dropout(x, rate=0.5)
    g = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(g, np.where(y.numpy() != 0, 2.0, 0.0))


def test_dropout_noise_shape_broadcasts():
    tf.random.set_seed(5)
    y = N.dropout(tf.ones((3, 4)), rate=0.5, noise_shape=[3, 1]).numpy()
    assert all(len(set(row)) == 1 for row in y)


def test_sparse_xent_labels_get_no_gradient():
    assert gradient_of(lambda y: N.sparse_softmax_cross_entropy_with_logits(tf.cast(y, tf.int32), LOGITS),
                       np.array([1.0, 2.0]))[0] is None

"""tf.nn.local_response_normalization: values, gradients to second order, errors."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.errors import InvalidArgumentError
from tensorflux.ops import normalization
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(5)


def direct_lrn(x, depth_radius, bias, alpha, beta):
    out = np.empty_like(x)
    channels = x.shape[-1]
    for c in range(channels):
        lo, hi = max(0, c - depth_radius), min(channels, c + depth_radius + 1)
        out[..., c] = x[..., c] / (bias + alpha * (x[..., lo:hi] ** 2).sum(-1)) ** beta
    return out


@pytest.mark.parametrize("depth_radius", [0, 1, 2, 9])
def test_values_match_the_definition(depth_radius):
    x = RNG.standard_normal((2, 3, 2, 6))
    out = normalization.local_response_normalization(x, depth_radius, 1.5, 0.3, 0.75)
    np.testing.assert_allclose(out.numpy(), direct_lrn(x, depth_radius, 1.5, 0.3, 0.75), rtol=1e-12)


@pytest.mark.parametrize("depth_radius", [1, 3])
def test_gradients_to_second_order(depth_radius):
    check_gradients(lambda x: normalization.local_response_normalization(x, depth_radius, 1.5, 0.3, 0.75),
                    [RNG.standard_normal((1, 2, 2, 5))], order=2)


def test_float32_stays_float32_and_alias():
    x = tf.constant(RNG.standard_normal((1, 2, 2, 4)).astype(np.float32))
    assert tf.nn.lrn(x).dtype == tf.float32
    assert tf.nn.lrn is tf.nn.local_response_normalization


def test_bad_input():
    with pytest.raises(InvalidArgumentError, match="in must be 4-dimensional"):
        tf.nn.local_response_normalization(tf.zeros([5, 5, 4]))
    with pytest.raises(InvalidArgumentError, match="attr 'T' of int32"):
        tf.nn.local_response_normalization(tf.zeros([1, 5, 5, 4], tf.int32))

"""Initializers: Keras' formulas (fans, scales, limits), seed behaviour, and get/serialize."""

import math

import numpy as np
import pytest

from tensorflux import keras

I = keras.initializers


@pytest.mark.parametrize("cls, scale, mode, distribution", [
    (I.GlorotUniform, 1.0, "fan_avg", "uniform"), (I.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (I.HeUniform, 2.0, "fan_in", "uniform"), (I.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (I.LecunUniform, 1.0, "fan_in", "uniform"), (I.LecunNormal, 1.0, "fan_in", "truncated_normal")])
def test_variance_scaling_presets(cls, scale, mode, distribution):
    init = cls(seed=1)
    assert (init.scale, init.mode, init.distribution) == (scale, mode, distribution)
    shape = (3, 3, 16, 32)  # a conv kernel: fans count the receptive field
    fan_in, fan_out = 3 * 3 * 16, 3 * 3 * 32
    fan = {"fan_in": fan_in, "fan_avg": (fan_in + fan_out) / 2}[mode]
    values = init(shape).numpy()
    assert values.dtype == np.float32 and values.shape == shape
    if distribution == "uniform":
        limit = math.sqrt(3 * scale / fan)
        assert np.abs(values).max() <= limit and np.abs(values).max() > 0.95 * limit
        assert abs(values.std() - limit / math.sqrt(3)) < 0.05 * limit
    else:
        stddev = math.sqrt(scale / fan) / 0.87962566103423978
        assert np.abs(values).max() <= 2 * stddev + 1e-7  # truncated at two standard deviations
        assert abs(values.std() - math.sqrt(scale / fan)) < 0.05 * math.sqrt(scale / fan)


def test_seed_behaviour():
    seeded = I.RandomNormal(seed=7)
    np.testing.assert_array_equal(seeded((4,)).numpy(), seeded((4,)).numpy())
    np.testing.assert_array_equal(seeded((4,)).numpy(), I.RandomNormal(seed=7)((4,)).numpy())
    unseeded = I.RandomUniform()
    np.testing.assert_array_equal(unseeded((4,)).numpy(), unseeded((4,)).numpy())  # as Keras: fixed per instance
    assert not np.array_equal(I.RandomUniform()((4,)).numpy(), I.RandomUniform()((4,)).numpy())
    generator = keras.random.SeedGenerator(3)
    advancing = I.RandomNormal(seed=generator)
    assert not np.array_equal(advancing((4,)).numpy(), advancing((4,)).numpy())


def test_set_random_seed_makes_layers_reproducible():
    keras.utils.set_random_seed(42)
    a = keras.layers.Dense(3)
    a.build((None, 4))
    keras.utils.set_random_seed(42)
    b = keras.layers.Dense(3)
    b.build((None, 4))
    np.testing.assert_array_equal(a.kernel.numpy(), b.kernel.numpy())


def test_constant_initializers_and_identity():
    np.testing.assert_array_equal(I.Zeros()((2,)).numpy(), [0, 0])
    np.testing.assert_array_equal(I.Ones()((2,), dtype="int32").numpy(), [1, 1])
    np.testing.assert_array_equal(I.Constant(3.5)((2,)).numpy(), [3.5, 3.5])
    np.testing.assert_array_equal(I.Identity(gain=2.0)((2, 3)).numpy(), [[2, 0, 0], [0, 2, 0]])
    with pytest.raises(ValueError, match="Identity matrix initializer can only be used for 2D matrices"):
        I.Identity()((2, 2, 2))


def test_orthogonal():
    q = I.Orthogonal(seed=3)((6, 4)).numpy()
    np.testing.assert_allclose(q.T @ q, np.eye(4), atol=1e-5)
    q = I.Orthogonal(gain=2.0, seed=3)((3, 5)).numpy()
    np.testing.assert_allclose(q @ q.T, 4 * np.eye(3), atol=1e-5)


def test_truncated_normal_bounds():
    values = I.TruncatedNormal(mean=1.0, stddev=0.5, seed=1)((2000,)).numpy()
    assert values.min() >= 0.0 and values.max() <= 2.0 and abs(values.mean() - 1.0) < 0.03


def test_get_serialize_and_errors():
    assert isinstance(I.get("glorot_uniform"), I.GlorotUniform)
    assert isinstance(I.get("HeNormal"), I.HeNormal)
    assert isinstance(I.get({"class_name": "Constant", "config": {"value": 2.0}}), I.Constant)
    assert I.serialize(I.Zeros()) == {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                      "registered_name": None}
    array = np.ones((2, 2))
    np.testing.assert_array_equal(I.get(array)((2, 2)).numpy(), array)
    with pytest.raises(ValueError, match="Argument `scale` must be positive float"):
        I.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match="Invalid `mode` argument"):
        I.VarianceScaling(mode="fan")

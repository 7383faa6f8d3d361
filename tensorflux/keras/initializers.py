"""``keras.initializers``: Keras 3's initializers with its exact formulas and seed behaviour.

An initializer seeded with an integer — or unseeded, which picks a seed once from Python's
``random`` — gives the same values at every call; seeded with a ``SeedGenerator`` it advances.
The random numbers come from NumPy (see ``keras/random.py``), so they differ from Keras' own.
"""

from __future__ import annotations

import inspect
import math

import numpy as np

import tensorflux as tf

from . import random as keras_random
from .api_export import keras_export
from .saving.serialization import deserialize_keras_object, serialize_keras_object
from .utils.argument_validation import set_text
from .utils.dtype_utils import standardize_dtype
from .utils.naming import to_snake_case


@keras_export(["keras.Initializer", "keras.initializers.Initializer"])
class Initializer:
    """Base class: ``initializer(shape, dtype=None)`` returns a tensor."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


def _fill(shape, value, dtype):
    return tf.fill(tuple(int(d) for d in shape), tf.cast(value, standardize_dtype(dtype)))


@keras_export(["keras.initializers.Constant", "keras.initializers.constant"])
class Constant(Initializer):
    """Every value equal to ``value``."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        return tf.cast(self.value, dtype) * tf.ones(tuple(int(d) for d in shape), dtype=dtype)

    def get_config(self) -> dict:
        return {"value": serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config):
        return cls(deserialize_keras_object(config["value"]))


@keras_export(["keras.initializers.Zeros", "keras.initializers.zeros"])
class Zeros(Initializer):
    """All zeros.

    >>> from tensorflux import keras
    >>> keras.initializers.Zeros()((2,)).numpy()
    array([0., 0.], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        return tf.zeros(tuple(int(d) for d in shape), dtype=standardize_dtype(dtype))


@keras_export(["keras.initializers.Ones", "keras.initializers.ones"])
class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return tf.ones(tuple(int(d) for d in shape), dtype=standardize_dtype(dtype))


@keras_export(["keras.initializers.Identity", "keras.initializers.identity",
               "keras.initializers.IdentityInitializer"])
class Identity(Initializer):
    """``gain`` times the identity matrix (2D shapes only)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices. Received: "
                             f"shape={shape} of rank {len(shape)}.")
        dtype = standardize_dtype(dtype)
        return tf.cast(self.gain, dtype) * tf.eye(int(shape[0]), int(shape[1]), dtype=dtype)

    def get_config(self) -> dict:
        return {"gain": self.gain}


class RandomInitializer(Initializer):
    """Base of the random initializers: holds the seed (an int, a SeedGenerator, or one picked now)."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            seed = keras_random.make_default_seed()
        elif isinstance(seed, dict):
            seed = deserialize_keras_object(seed)
        elif not isinstance(seed, (int, keras_random.SeedGenerator)):
            raise ValueError("`seed` argument should be an instance of `keras.random.SeedGenerator()` or an "
                             f"integer. Received: seed={seed}")
        self.seed = seed

    def get_config(self) -> dict:
        return {"seed": serialize_keras_object(self._init_seed)}


@keras_export(["keras.initializers.RandomNormal", "keras.initializers.random_normal"])
class RandomNormal(RandomInitializer):
    """Normal samples, ``mean`` 0 and ``stddev`` 0.05 by default."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return keras_random.normal(shape, mean=self.mean, stddev=self.stddev, seed=self.seed, dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@keras_export(["keras.initializers.TruncatedNormal", "keras.initializers.truncated_normal"])
class TruncatedNormal(RandomInitializer):
    """Normal samples, redrawn when more than two standard deviations from the mean."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return keras_random.truncated_normal(shape, mean=self.mean, stddev=self.stddev, seed=self.seed, dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@keras_export(["keras.initializers.RandomUniform", "keras.initializers.random_uniform"])
class RandomUniform(RandomInitializer):
    """Uniform samples in ``[minval, maxval)``, ``[-0.05, 0.05)`` by default."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return keras_random.uniform(shape, minval=self.minval, maxval=self.maxval, seed=self.seed, dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def compute_fans(shape, input_axes=None, output_axes=None) -> tuple:
    """``(fan_in, fan_out)`` of a weight shape: convolution kernels count their receptive field."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return int(np.prod([shape[a] for a in input_axes])), int(np.prod([shape[a] for a in output_axes]))
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in, fan_out = shape
    else:
        receptive_field = int(np.prod(shape[:-2]))
        fan_in = shape[-2] * receptive_field
        fan_out = shape[-1] * receptive_field
    return int(fan_in), int(fan_out)


@keras_export(["keras.initializers.VarianceScaling", "keras.initializers.variance_scaling"])
class VarianceScaling(RandomInitializer):
    """Samples scaled to the weight's fan: ``scale / fan`` is the variance.

    ``truncated_normal``: stddev ``sqrt(scale / fan) / 0.8796…`` (the truncation's correction);
    ``untruncated_normal``: stddev ``sqrt(scale / fan)``; ``uniform``: limit ``sqrt(3 scale / fan)``.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, input_axes=None,
                 output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        allowed_modes = {"fan_in", "fan_out", "fan_avg"}
        if mode not in allowed_modes:
            raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of {set_text(allowed_modes)}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        allowed = {"uniform", "truncated_normal", "untruncated_normal"}
        if distribution not in allowed:
            raise ValueError(f"Invalid `distribution` argument: {distribution}.Please use one of {set_text(allowed)}")
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        scale = self.scale
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        if self.mode == "fan_in":
            scale /= max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale /= max(1.0, fan_out)
        else:
            scale /= max(1.0, (fan_in + fan_out) / 2.0)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / 0.87962566103423978
            return keras_random.truncated_normal(shape, mean=0.0, stddev=stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return keras_random.normal(shape, mean=0.0, stddev=math.sqrt(scale), dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return keras_random.uniform(shape, minval=-limit, maxval=limit, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "input_axes": self.input_axes, "output_axes": self.output_axes}


class _PresetVarianceScaling(VarianceScaling):
    """Glorot, He and LeCun: VarianceScaling with fixed scale, mode and distribution."""

    preset: tuple = (1.0, "fan_avg", "uniform")

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self.preset
        super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed, input_axes=input_axes,
                         output_axes=output_axes)

    def get_config(self) -> dict:
        return {"seed": serialize_keras_object(self._init_seed), "input_axes": self.input_axes,
                "output_axes": self.output_axes}


@keras_export(["keras.initializers.GlorotUniform", "keras.initializers.glorot_uniform"])
class GlorotUniform(_PresetVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))`` (Keras' default kernel)."""

    preset = (1.0, "fan_avg", "uniform")


@keras_export(["keras.initializers.GlorotNormal", "keras.initializers.glorot_normal"])
class GlorotNormal(_PresetVarianceScaling):
    """Truncated normal, stddev ``sqrt(2 / (fan_in + fan_out))``."""

    preset = (1.0, "fan_avg", "truncated_normal")


@keras_export(["keras.initializers.LecunNormal", "keras.initializers.lecun_normal"])
class LecunNormal(_PresetVarianceScaling):
    """Truncated normal, stddev ``sqrt(1 / fan_in)``."""

    preset = (1.0, "fan_in", "truncated_normal")


@keras_export(["keras.initializers.LecunUniform", "keras.initializers.lecun_uniform"])
class LecunUniform(_PresetVarianceScaling):
    """Uniform, ``limit = sqrt(3 / fan_in)``."""

    preset = (1.0, "fan_in", "uniform")


@keras_export(["keras.initializers.HeNormal", "keras.initializers.he_normal"])
class HeNormal(_PresetVarianceScaling):
    """Truncated normal, stddev ``sqrt(2 / fan_in)``."""

    preset = (2.0, "fan_in", "truncated_normal")


@keras_export(["keras.initializers.HeUniform", "keras.initializers.he_uniform"])
class HeUniform(_PresetVarianceScaling):
    """Uniform, ``limit = sqrt(6 / fan_in)``."""

    preset = (2.0, "fan_in", "uniform")


@keras_export(["keras.initializers.Orthogonal", "keras.initializers.orthogonal",
               "keras.initializers.OrthogonalInitializer"])
class Orthogonal(RandomInitializer):
    """An orthogonal matrix (QR of a normal one, signs fixed), times ``gain``; rank ≥ 2 shapes are flattened."""

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional. Received: "
                             f"shape={shape} of rank {len(shape)}.")
        rows = int(np.prod(shape[:-1]))
        cols = int(shape[-1])
        flat = np.asarray(keras_random.normal((max(rows, cols), min(rows, cols)), seed=self.seed,
                                              dtype="float64"))
        q, r = np.linalg.qr(flat)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        dtype = standardize_dtype(dtype)
        return tf.cast(tf.constant(self.gain * q.reshape(tuple(int(d) for d in shape))), dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}


ALL_OBJECTS = (Initializer, Constant, Identity, Ones, Zeros, GlorotNormal, GlorotUniform, HeNormal, HeUniform,
               LecunNormal, LecunUniform, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update({"IdentityInitializer": Identity, "normal": RandomNormal, "one": Ones,
                         "OrthogonalInitializer": Orthogonal, "uniform": RandomUniform, "zero": Zeros})


@keras_export("keras.initializers.serialize")
def serialize(initializer):
    return serialize_keras_object(initializer)


@keras_export("keras.initializers.deserialize")
def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects)


@keras_export("keras.initializers.get")
def get(identifier):
    """An initializer from a name (``"glorot_uniform"``), a config, a class, a callable or a tensor.

    >>> from tensorflux import keras
    >>> type(keras.initializers.get("he_normal")).__name__
    'HeNormal'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = deserialize({"class_name": str(identifier), "config": {}})
    elif isinstance(identifier, (np.ndarray, np.generic)) or tf.is_tensor(identifier):
        value = identifier

        def initialize_fn(shape, dtype=None):
            if tuple(shape) != tuple(np.shape(value)):
                raise ValueError(f"Expected `shape` to be {np.shape(value)} for direct tensor as initializer. "
                                 f"Received shape={shape}")
            return tf.cast(tf.convert_to_tensor(np.asarray(value)), standardize_dtype(dtype))

        obj = initialize_fn
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")

"""``run_layer_test``: one call that checks a layer completely (after Keras' ``testing.run_layer_test``).

Build, weight counts, eager output shape against ``compute_output_shape`` and the symbolic call,
config round trip (``get_config`` / ``from_config`` and the serialized form), and — for layers
with weights — a gradient step that changes every trainable weight, then, frozen, one that
changes nothing.
"""

from __future__ import annotations

import json

import numpy as np

import tensorflux as tf
from tensorflux import keras


def _data(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if "int" in dtype:
        return rng.integers(0, 5, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _structure(shapes, fn):
    if isinstance(shapes, list):
        return [fn(s, i) for i, s in enumerate(shapes)]
    return fn(shapes, 0)


def run_layer_test(layer_cls, init_kwargs, input_shape, expected_output_shape, expected_num_trainable_weights=0,
                   expected_num_non_trainable_weights=0, input_dtype="float32", call_kwargs=None,
                   run_training_check=True):
    """Checks ``layer_cls(**init_kwargs)`` on inputs of ``input_shape`` (a list of shapes for merge layers)."""
    call_kwargs = call_kwargs or {}
    layer = layer_cls(**init_kwargs)

    # Config: get_config / from_config, and the serialized (JSON) form, round trip.
    config = layer.get_config()
    assert json.loads(json.dumps(config, default=list)) == json.loads(json.dumps(
        layer_cls.from_config(config).get_config(), default=list))
    revived = keras.saving.deserialize_keras_object(json.loads(json.dumps(
        keras.saving.serialize_keras_object(layer), default=list)))
    assert type(revived) is layer_cls

    # Build, weights.
    data = _structure(input_shape, lambda s, i: _data(s, input_dtype, 10 + i))
    outputs = layer(data, **call_kwargs)
    assert layer.built
    assert len(layer.trainable_weights) == expected_num_trainable_weights, layer.trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights, layer.non_trainable_weights
    for w in layer.weights:
        assert w.path.startswith(layer.name + "/"), w.path
    assert layer.count_params() == sum(int(np.prod(w.shape.as_list())) for w in layer.weights)

    # Output shapes: eager result, compute_output_shape, symbolic call, all agree.
    assert tuple(outputs.shape.as_list()) == tuple(expected_output_shape), outputs.shape
    batch_free = _structure(input_shape, lambda s, i: (None,) + tuple(s[1:]))
    computed = layer.compute_output_shape(batch_free)
    assert tuple(computed) == (None,) + tuple(expected_output_shape[1:]), computed
    symbolic_inputs = _structure(input_shape, lambda s, i: keras.Input(batch_shape=(None,) + tuple(s[1:]),
                                                                       dtype=input_dtype))
    symbolic = layer(symbolic_inputs, **call_kwargs)
    assert isinstance(symbolic, keras.KerasTensor)
    assert symbolic.shape == (None,) + tuple(expected_output_shape[1:]), symbolic.shape

    # Inputs of another float dtype are cast to the layer's.
    if input_dtype == "float32":
        cast = layer(_structure(input_shape, lambda s, i: _data(s, "float64", 10 + i)), **call_kwargs)
        assert cast.dtype == tf.float32

    # A fresh layer from the config, given the same weights, computes the same thing.
    twin = layer_cls.from_config(layer.get_config())
    twin(data, **call_kwargs)
    twin.set_weights(layer.get_weights())
    if not call_kwargs.get("training"):
        np.testing.assert_allclose(np.asarray(twin(data)), np.asarray(layer(data)), rtol=1e-6, atol=1e-6)

    if run_training_check and layer.weights:
        _check_training(layer, data, call_kwargs)
    return layer


def _check_training(layer, data, call_kwargs):
    projection = np.random.default_rng(0).standard_normal(
        layer(data, **call_kwargs).shape.as_list()).astype("float32")

    def loss():
        return tf.reduce_sum(layer(data, **{**call_kwargs, "training": True}) * projection)

    # Trainable: every trainable weight has a gradient and moves.
    before = [w.numpy().copy() for w in layer.trainable_weights]
    with tf.GradientTape() as tape:
        value = loss()
    grads = tape.gradient(value, layer.trainable_weights)
    assert all(g is not None for g in grads), [w.name for w, g in zip(layer.trainable_weights, grads) if g is None]
    for w, g in zip(layer.trainable_weights, grads):
        w.assign_sub(0.1 * g)
    for w, old in zip(layer.trainable_weights, before):
        assert not np.allclose(w.numpy(), old), f"{w.path} did not change"

    # Frozen: no trainable weights, no gradients, nothing changes (BatchNorm statistics included).
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == len(layer.weights)
    frozen = [w.numpy().copy() for w in layer.weights]
    with tf.GradientTape() as tape:
        value = loss()
    assert all(g is None for g in tape.gradient(value, layer.weights))
    for w, old in zip(layer.weights, frozen):
        np.testing.assert_array_equal(w.numpy(), old)
    layer.trainable = True

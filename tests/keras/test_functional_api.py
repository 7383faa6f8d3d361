"""The functional API on the engine's symbolic tensors: KerasTensors, tf ops inside models, Lambda, shapes."""

import json

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras


def test_input_is_a_symbolic_tensor_of_the_engine():
    from tensorflux.framework.graph import SymbolicTensor

    x = keras.Input(shape=(32,), name="pixels")
    assert isinstance(x, keras.KerasTensor) and isinstance(x, SymbolicTensor) and isinstance(x, tf.Tensor)
    assert (x.shape, x.dtype, x.name, x.ndim) == ((None, 32), "float32", "pixels", 2)
    assert keras.Input(batch_shape=(8, 3), dtype="int32").shape == (8, 3)
    with pytest.raises(ValueError, match="You cannot convert it to a NumPy array"):
        np.asarray(x)
    with pytest.raises(ValueError, match="must be a tuple of dimensions"):
        keras.Input(32)


def test_tf_ops_on_keras_tensors_become_model_operations():
    keras.backend.clear_session()
    inputs = keras.Input((4,))
    x = keras.layers.Dense(4, kernel_initializer="ones")(inputs)
    relu = tf.nn.relu(x - 2.0)
    joined = tf.concat([relu, x[:, :1]], axis=-1)
    outputs = tf.reduce_mean(joined, axis=1, keepdims=True) * 2.0
    assert outputs.shape == (None, 1)
    model = keras.Model(inputs, outputs)
    data = np.array([[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]], "float32")
    dense = data.sum(axis=1, keepdims=True) * np.ones((1, 4))
    expected = np.concatenate([np.maximum(dense - 2, 0), dense[:, :1]], axis=1).mean(axis=1, keepdims=True) * 2
    np.testing.assert_allclose(model(data).numpy(), expected, rtol=1e-6)
    names = [op.name for op in model.operations]
    assert names[:2] == ["input_layer", "dense"] and "concatenate" in names and "multiply" in names


def test_lambda_layer_and_its_serialization():
    keras.backend.clear_session()
    inputs = keras.Input((3,))
    outputs = keras.layers.Lambda(lambda t: t * 2.0 + 1.0, name="affine")(inputs)
    model = keras.Model(inputs, outputs)
    np.testing.assert_allclose(model(np.ones((1, 3), "float32")).numpy(), [[3.0, 3.0, 3.0]])
    text = model.to_json()
    with pytest.raises(ValueError, match="Requested the deserialization of a `Lambda` layer"):
        keras.models.model_from_json(text)
    keras.config.enable_unsafe_deserialization()
    try:
        clone = keras.models.model_from_json(text)
    finally:
        from tensorflux.keras import config

        config._STATE["unsafe_deserialization"] = False
    np.testing.assert_allclose(clone(np.ones((1, 3), "float32")).numpy(), [[3.0, 3.0, 3.0]])
    named = keras.layers.Lambda(keras.activations.relu)
    assert keras.layers.Lambda.from_config(json.loads(json.dumps(named.get_config()))).function is \
        keras.activations.relu


def test_layer_called_symbolically_uses_compute_output_shape_or_traces_call():
    class Doubler(keras.layers.Layer):  # no compute_output_shape: call is traced on the engine's graph
        def call(self, x):
            return tf.concat([x, x], axis=-1)

    y = Doubler()(keras.Input((None, 3)))
    assert y.shape == (None, None, 6)

    class Broken(keras.layers.Layer):
        def call(self, x):
            return tf.matmul(x, tf.ones((5, 2)))

    with pytest.raises(Exception, match="Could not automatically infer the output shape / dtype of 'broken'"):
        Broken()(keras.Input((3,)))


def test_model_call_accepts_dicts_lists_and_numpy():
    keras.backend.clear_session()
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    model = keras.Model([a, b], keras.layers.Concatenate()([a, b]))
    x = {"a": np.ones((1, 2)), "b": np.zeros((1, 3))}
    assert model(x).shape == (1, 5) and model([x["a"], x["b"]]).shape == (1, 5)
    assert model.input_shape == [(None, 2), (None, 3)] and model.output_shape == (None, 5)
    symbolic = model([keras.Input((2,)), keras.Input((3,))])
    assert symbolic.shape == (None, 5)


def test_functional_config_round_trip_and_shared_nodes():
    keras.backend.clear_session()
    inputs = keras.Input((4,))
    shared = keras.layers.Dense(4, activation="tanh")
    outputs = shared(shared(inputs))
    model = keras.Model(inputs, outputs)
    clone = keras.Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    data = np.random.default_rng(0).standard_normal((2, 4)).astype("float32")
    np.testing.assert_allclose(clone(data).numpy(), model(data).numpy(), rtol=1e-6)
    assert len(clone.layers) == 2 and len(clone.layers[1]._inbound_nodes) == 2

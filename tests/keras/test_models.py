"""Sequential, functional and subclassed models: structure, counts, calls, configs — against Keras."""

import json
import warnings

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load, normalized

FACTS = load("models.json")
CONFIGS = load("model_configs.json")
MISC = load("misc.json")


@pytest.mark.parametrize("name", sorted(cases.MODELS))
def test_layers_shapes_and_parameter_counts_match_keras(name):
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cases.MODELS[name](keras)
    assert normalized(cases.model_facts(model)) == FACTS[name]


def test_classic_model_counts():
    """The numbers a reader of the course notes checks by hand."""
    keras.backend.clear_session()
    mnist = cases.mnist_convnet(keras)
    assert mnist.count_params() == 34826 and mnist.output_shape == (None, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cnn = cases.course_cnn(keras)
    assert cnn.count_params() == 9680580  # 18432 * 512 + 512 of them in the Dense 512
    assert [layer.output.shape for layer in cnn.layers][-4:] == [(None, 18432), (None, 18432), (None, 512), (None, 4)]
    assert cnn(np.zeros((1, 224, 224, 3), "float32")).shape == (1, 4)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_to_json_matches_keras(name):
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cases.MODELS[name](keras)
    assert json.loads(model.to_json()) == CONFIGS[name]


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_keras_json_loads_into_an_equivalent_model(name):
    """A config written by real Keras becomes a tensorflux model with the same layers and outputs."""
    keras.backend.clear_session()
    model = keras.models.model_from_json(json.dumps(CONFIGS[name]))
    assert normalized(cases.model_facts(model))["layers"] == FACTS[name]["layers"]
    keras.backend.clear_session()
    original = cases.MODELS[name](keras) if name != "regression" else None
    if original is not None:
        model.set_weights(original.get_weights())
        inputs = [np.random.default_rng(i).standard_normal((2,) + tuple(x.shape[1:])).astype("float32")
                  for i, x in enumerate(original.inputs)]
        feed = inputs if len(inputs) > 1 else inputs[0]
        if isinstance(original.input, dict):
            feed = dict(zip(sorted(original.input), inputs))
        for a, b in zip(tf.nest.flatten(model(feed)), tf.nest.flatten(original(feed))):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6)


def test_weight_names_paths_and_freezing_match_keras():
    keras.backend.clear_session()
    layer = keras.layers.Dense(3)
    layer.build((None, 2))
    assert [w.name for w in layer.weights] == MISC["dense_weight_names"]
    assert [w.path for w in layer.weights] == MISC["dense_weight_paths"]
    assert [keras.layers.Dense(1).name, keras.layers.Dense(1).name, keras.layers.Conv2DTranspose(1, 1).name,
            keras.layers.BatchNormalization().name, keras.layers.GlobalAveragePooling2D().name] == MISC["auto_names"]
    keras.backend.clear_session()
    assert keras.layers.Dense(1).name == MISC["after_clear_session"]
    assert repr(keras.Input((3,), name="x")) == MISC["keras_tensor_repr"]
    assert repr(keras.layers.InputSpec(min_ndim=2, axes={-1: 4})) == MISC["input_spec_repr"]
    assert repr(keras.layers.Dense(2, name="d")) == MISC["layer_repr"]
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.layers.BatchNormalization()])
    assert [w.path for w in model.weights] == MISC["sequential_weight_paths"]
    assert len(model.trainable_weights) == MISC["sequential_trainable_count"]
    model.layers[0].trainable = False
    assert [w.path for w in model.trainable_weights] == MISC["after_freeze_trainable"]
    assert [w.path for w in model.non_trainable_weights] == MISC["after_freeze_non_trainable"]


def test_sequential_built_by_its_first_call_keeps_that_batch_size():
    keras.backend.clear_session()
    model = keras.Sequential([keras.layers.Dense(2)])
    model(np.ones((5, 3), "float32"))
    assert list(model.output_shape) == MISC["sequential_called_output_shape"]
    assert [w.path for w in model.weights] == MISC["sequential_called_paths"]


def test_sequential_add_pop_and_build():
    model = keras.Sequential()
    model.add(keras.layers.Dense(4))
    model.add(keras.layers.Dense(2))
    assert not model.built and len(model.weights) == 0
    model.build((None, 3))
    assert model.built and [tuple(w.shape) for w in model.weights] == [(3, 4), (4,), (4, 2), (2,)]
    assert isinstance(model.pop(), keras.layers.Dense) and len(model.layers) == 1
    assert model.output_shape == (None, 4)
    model.add(keras.Input((3,))) if False else None
    with pytest.raises(ValueError, match="Only instances of `keras.Layer`"):
        model.add("dense")


def test_functional_model_with_dict_inputs_and_shared_layers():
    keras.backend.clear_session()
    model = cases.shared_layer(keras)
    left, right = np.ones((2, 5), "float32"), np.full((2, 5), 2.0, "float32")
    out = model({"left": left, "right": right})
    assert sorted(out) == ["diff", "total"]
    shared = model.get_layer("shared")
    a, b = shared(left), shared(right)
    np.testing.assert_allclose(out["total"].numpy(), (a + b).numpy(), rtol=1e-6)
    np.testing.assert_allclose(out["diff"].numpy(), (a - b).numpy(), rtol=1e-6)
    assert len(shared._inbound_nodes) == 2  # the two calls on KerasTensors; eager calls record nothing


def test_model_used_as_a_layer_and_intermediate_submodels():
    keras.backend.clear_session()
    inputs = keras.Input((8,))
    hidden = keras.layers.Dense(4, name="hidden")(inputs)
    outputs = keras.layers.Dense(2, name="head")(hidden)
    full = keras.Model(inputs, outputs)
    backbone = keras.Model(inputs, hidden)
    head = keras.Model(hidden, outputs)
    x = np.random.default_rng(0).standard_normal((3, 8)).astype("float32")
    np.testing.assert_allclose(head(backbone(x)).numpy(), full(x).numpy(), rtol=1e-6)
    outer_in = keras.Input((8,))
    wrapped = keras.Model(outer_in, keras.layers.Activation("relu")(full(outer_in)))
    assert wrapped.count_params() == full.count_params() == 46
    np.testing.assert_allclose(wrapped(x).numpy(), np.maximum(full(x).numpy(), 0), rtol=1e-6)


def test_subclassed_model():
    class Classifier(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.blocks = []
            for width in (8, 4):
                self.blocks.append(keras.layers.Dense(width, activation="relu"))
            self.dropout = keras.layers.Dropout(0.5)
            self.out = keras.layers.Dense(2, activation="softmax")

        def call(self, inputs, training=False):
            x = inputs
            for block in self.blocks:
                x = block(x)
            return self.out(self.dropout(x, training=training))

    keras.backend.clear_session()
    model = Classifier()
    y = model(np.ones((3, 5), "float32"))
    assert y.shape == (3, 2) and np.allclose(y.numpy().sum(axis=1), 1.0, atol=1e-6)
    assert model.name == "classifier" and len(model.layers) == 4 and len(model.weights) == 6
    assert [w.path for w in model.weights][:2] == ["classifier/dense/kernel", "classifier/dense/bias"]
    symbolic = model(keras.Input((5,)))
    assert symbolic.shape == (None, 2)
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 6


def test_functional_subclass_with_inputs_and_outputs():
    class Wrapped(keras.Model):
        def __init__(self):
            inputs = keras.Input((3,))
            super().__init__(inputs, keras.layers.Dense(1)(inputs))

    model = Wrapped()
    assert isinstance(model, keras.models.Functional) and model(np.ones((2, 3), "float32")).shape == (2, 1)


def test_get_layer_by_index_and_errors():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    assert model.get_layer(index=0) is model.get_layer("d")
    with pytest.raises(ValueError, match="Was asked to retrieve layer at index 5 but model only has 1 layers."):
        model.get_layer(index=5)


def test_model_inputs_are_converted_and_rank_adjusted():
    inputs = keras.Input((4, 1))
    model = keras.Model(inputs, keras.layers.Flatten()(inputs))
    assert model(np.ones((2, 4))).shape == (2, 4)  # float64, missing last axis of size 1
    assert model(np.ones((2, 4, 1), "int64")).dtype == tf.float32


def test_sequential_config_round_trip_keeps_weights_shape_and_names():
    keras.backend.clear_session()
    model = cases.mnist_convnet(keras)
    clone = keras.Sequential.from_config(model.get_config())
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    assert clone.count_params() == model.count_params()


def test_resizing_runs_in_traced_predict():
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Resizing(4, 4)])
    assert model.predict(np.ones((2, 8, 8, 3), "float32"), verbose=0).shape == (2, 4, 4, 3)

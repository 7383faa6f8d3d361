"""``clone_model``: same architecture, new layers and weights; sharing, recursion, compile state kept."""

from __future__ import annotations

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras
from tensorflux.keras.models.cloning import clone_model

from . import saving_cases as cases

keras_cases = cases.keras_cases


def random_inputs(model):
    return tf.nest.map_structure(lambda t: np.random.default_rng(2).standard_normal((2, *t.shape[1:]))
                                 .astype("float32"), model.input)


@pytest.mark.parametrize("name", ["mnist_convnet", "multi_io", "functional_chain", "shared_layer", "nested",
                                  "conv_family"])
def test_clone_has_new_layers_and_weights_and_computes_the_same_with_copied_weights(name):
    model = keras_cases.MODELS[name](keras)
    clone = clone_model(model)
    assert type(clone) is type(model) and clone.name == model.name
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert not any(a is b for a in clone.weights for b in model.weights)
    assert clone.count_params() == model.count_params()
    clone.set_weights(model.get_weights())
    inputs = random_inputs(model)
    for a, b in zip(tf.nest.flatten(model(inputs)), tf.nest.flatten(clone(inputs))):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_a_shared_layer_stays_shared_in_the_clone():
    clone = clone_model(keras_cases.shared_layer(keras))
    shared = clone.get_layer("shared")
    assert len(shared._inbound_nodes) == 2 and sum(layer is shared for layer in clone.layers) == 1


def test_clone_function_input_tensors_and_recursive():
    model = keras_cases.nested(keras)

    def freeze(layer):
        clone = layer.__class__.from_config(layer.get_config())
        clone.trainable = False
        return clone

    frozen = clone_model(model, clone_function=freeze)
    assert not any(layer.trainable for layer in frozen.layers)
    deep = clone_model(model, recursive=True)
    assert deep.layers[0] is not model.layers[0] and deep.layers[0].layers[1] is not model.layers[0].layers[1]
    functional = keras_cases.functional_chain(keras)
    new_input = keras.Input((32,), name="fresh")
    clone = clone_model(functional, input_tensors=new_input)
    assert clone.inputs[0] is new_input
    called = []
    clone_model(functional, call_function=lambda layer, *args, **kwargs: called.append(layer) or layer(*args, **kwargs))
    assert len(called) == len(functional.layers) - 1  # every layer but the input


def test_compiled_model_clones_compiled_with_its_own_optimizer():
    model = cases.trained_model(keras, keras.optimizers.Adam(0.01))
    clone = clone_model(model)
    assert clone.compiled and clone.optimizer is not model.optimizer
    assert clone.optimizer.get_config() == model.optimizer.get_config()
    x, y = cases.training_data()
    clone.fit(x, y, epochs=1, verbose=0)


def test_subclassed_models_clone_through_their_config_and_arguments_are_checked():
    two_tower = cases.custom_subclassed_model_class(keras)(units=4)
    clone = clone_model(two_tower)
    assert type(clone) is type(two_tower) and clone.units == 4
    with pytest.raises(ValueError, match="only supported for Sequential models or Functional models"):
        clone_model(two_tower, clone_function=lambda layer: layer)
    with pytest.raises(ValueError, match="`call_function` argument is not supported with Sequential"):
        clone_model(keras_cases.nested(keras), call_function=lambda layer, *a, **k: layer(*a, **k))
    with pytest.raises(ValueError, match="Unexpected keyword argument"):
        clone_model(two_tower, colour="blue")

"""Layer outputs on fixed inputs and weights against real Keras (tests/fixtures/keras/layer_outputs.json)."""

import numpy as np
import pytest

from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load

OUTPUTS = load("layer_outputs.json")


@pytest.mark.parametrize("name", sorted(cases.layer_cases(keras)))
def test_layer_output_matches_keras(name):
    layer, shapes, call_kwargs = cases.layer_cases(keras)[name]
    record = OUTPUTS[name]
    inputs = [np.array(x, dtype="float32") for x in record["inputs"]]
    layer.build(shapes[0] if len(shapes) == 1 else shapes)
    layer.set_weights([np.array(w, dtype="float32") for w in record["weights"]])
    output = layer(inputs[0] if len(inputs) == 1 else inputs, **call_kwargs)
    assert list(output.shape) == record["output_shape"]
    np.testing.assert_allclose(output.numpy(), np.array(record["output"]), rtol=2e-5, atol=2e-6)
    for weight, expected in zip(layer.weights, record.get("weights_after", [])):
        np.testing.assert_allclose(weight.numpy(), np.array(expected), rtol=1e-5, atol=1e-7)


def test_embedding_matches_keras():
    layer, indices = cases.INT_INPUT_CASES["embedding"](keras)
    record = OUTPUTS["embedding"]
    layer.build(indices.shape)
    layer.set_weights([np.array(w, dtype="float32") for w in record["weights"]])
    np.testing.assert_array_equal(layer(indices).numpy(), np.array(record["output"], dtype="float32"))

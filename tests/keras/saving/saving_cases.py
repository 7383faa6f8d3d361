"""Models written once and built both by real Keras (tools/record_saving_fixtures.py,
tools/check_saving_in_real_keras.py) and by tensorflux's tests. Every function takes the ``keras``
module to build with; nothing here imports either library."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy as np


def _load_keras_cases():
    """tests/keras/keras_cases.py, loaded by path (this file is also run by tools/, outside the test package)."""
    path = pathlib.Path(__file__).resolve().parent.parent / "keras_cases.py"
    spec = importlib.util.spec_from_file_location("saving_keras_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


keras_cases = _load_keras_cases()

BATCH = 2


def layer_case_names(keras) -> list:
    """The shared layer cases that run in inference mode (no call arguments)."""
    return [name for name, (_, _, kwargs) in keras_cases.layer_cases(keras).items() if not kwargs]


def all_layers_model(keras):
    """Every shared layer case as one branch of a functional model: inputs and outputs named after the case."""
    cases = keras_cases.layer_cases(keras)
    inputs, outputs = [], []
    for name in layer_case_names(keras):
        layer, shapes, _ = cases[name]
        branch_inputs = [keras.Input(shape[1:], name=f"{name}_in{i}") for i, shape in enumerate(shapes)]
        out = layer(branch_inputs if len(branch_inputs) > 1 else branch_inputs[0])
        out = keras.layers.Identity(name=f"{name}_out")(out)
        inputs.extend(branch_inputs)
        outputs.append(out)
    embedding = keras.layers.Embedding(10, 3)
    ids = keras.Input((3,), dtype="int32", name="embedding_in0")
    inputs.append(ids)
    outputs.append(keras.layers.Identity(name="embedding_out")(embedding(ids)))
    model = keras.Model(inputs, outputs, name="all_layers")
    set_deterministic_weights(model)
    return model


def all_layers_inputs(model) -> list:
    """Deterministic inputs for ``all_layers_model`` (integer ids for the embedding)."""
    arrays = []
    for i, tensor in enumerate(model.inputs):
        shape = (BATCH, *tuple(tensor.shape)[1:])
        if "int" in str(tensor.dtype):
            arrays.append(np.random.default_rng(i).integers(0, 10, shape).astype("int32"))
        else:
            arrays.append((np.random.default_rng(i).standard_normal(shape)).astype("float32"))
    return arrays


def set_deterministic_weights(model) -> None:
    for layer in model.layers:
        if layer.weights:
            layer.set_weights(keras_cases.weights_for(layer))


def trained_model(keras, optimizer):
    """A small compiled functional model (Dense, BatchNormalization) with ``optimizer`` and metrics."""
    inputs = keras.Input((4,), name="features")
    x = keras.layers.Dense(5, activation="relu", name="hidden")(inputs)
    x = keras.layers.BatchNormalization(name="norm")(x)
    outputs = keras.layers.Dense(2, name="head")(x)
    model = keras.Model(inputs, outputs, name="trained")
    set_deterministic_weights(model)
    model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    return model


def training_data():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 4)).astype("float32")
    y = (x[:, :2] * 0.5 - x[:, 2:] + 0.1).astype("float32")
    return x, y


def nested_model(keras):
    """A Sequential holding a functional block, BatchNormalization and a frozen Dense."""
    model = keras_cases.nested(keras)
    set_deterministic_weights(model)
    return model


def custom_layer_class(keras):
    """A registered custom layer (``SavingCases>Scale``) with one weight and a config argument."""

    @keras.saving.register_keras_serializable(package="SavingCases")
    class Scale(keras.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

        def call(self, inputs):
            return inputs * self.scale * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    return Scale


def custom_model(keras, scale_class):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, name="d"), scale_class(0.5, name="scale")],
                             name="custom")
    set_deterministic_weights(model)
    return model


def custom_subclassed_model_class(keras):
    """A subclassed model whose sub-layers live in attributes and a list (Keras paths them by attribute)."""

    @keras.saving.register_keras_serializable(package="SavingCases")
    class TwoTower(keras.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.left = keras.layers.Dense(units, name="left")
            self.blocks = [keras.layers.Dense(units, name="block_a"), keras.layers.Dense(units, name="block_b")]

        def call(self, inputs):
            x = self.left(inputs)
            for block in self.blocks:
                x = block(x)
            return x

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return TwoTower


def legacy_sequential(keras):
    """For tf_keras (Keras 2): the kind of model whose .h5 files people still load."""
    model = keras.Sequential([keras.Input((6, 6, 2)), keras.layers.Conv2D(3, 3, activation="relu", name="conv"),
                              keras.layers.BatchNormalization(name="bn"), keras.layers.Flatten(name="flat"),
                              keras.layers.Dropout(0.2, name="drop"), keras.layers.Dense(4, name="logits")],
                             name="legacy_seq")
    set_deterministic_weights(model)
    return model


def legacy_functional(keras):
    inputs = keras.Input((5,), name="x")
    a = keras.layers.Dense(4, activation="tanh", name="a")(inputs)
    b = keras.layers.Dense(4, name="b")(inputs)
    merged = keras.layers.Concatenate(name="cat")([a, b])
    outputs = keras.layers.Dense(2, activation="softmax", name="out")(merged)
    model = keras.Model(inputs, outputs, name="legacy_fn")
    set_deterministic_weights(model)
    return model

"""Records what real Keras 3 does for tensorflux's Keras tests: summaries (character for character),
parameter counts and output shapes, layer outputs on fixed weights, configs, error messages.

Run with the reference environment (TensorFlow 2.21, Keras 3.15.1), from the repository root:

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_keras_fixtures.py

It writes JSON files under tests/fixtures/keras/, each holding the TF and Keras versions. The
cases themselves live in tests/keras/keras_cases.py, shared with the tests.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "keras"
sys.path.insert(0, str(ROOT / "tests" / "keras"))

import keras
import keras_cases as cases
import tensorflow as tf

warnings.filterwarnings("ignore")


def versions() -> dict:
    return {"tensorflow": tf.__version__, "keras": keras.__version__}


def write(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"versions": versions(), "data": data}
    (OUT / name).write_text(json.dumps(payload, indent=1, default=_json_default) + "\n")
    print("wrote", OUT / name)


def _json_default(obj):
    if isinstance(obj, tuple):
        return list(obj)
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(type(obj))


def record_models():
    summaries, facts, configs = [], {}, {}
    for name, build in cases.MODELS.items():
        keras.backend.clear_session()
        model = build(keras)
        facts[name] = cases.model_facts(model)
        if name not in ("unbuilt", "ops_on_tensors"):
            configs[name] = json.loads(model.to_json())
    for name, kwargs, columns in cases.SUMMARIES:
        keras.backend.clear_session()
        os.environ["COLUMNS"] = str(columns)
        model = cases.MODELS[name](keras)
        captured = io.StringIO()
        model.summary(print_fn=lambda text, line_break=True, out=captured: out.write(text), **kwargs)
        summaries.append({"model": name, "kwargs": kwargs, "columns": columns, "text": captured.getvalue()})
    os.environ.pop("COLUMNS", None)
    write("summaries.json", summaries)
    write("models.json", facts)
    write("model_configs.json", configs)


def record_layers():
    outputs = {}
    for name, (layer, shapes, call_kwargs) in cases.layer_cases(keras).items():
        inputs = cases.inputs_for(shapes)
        layer.build(shapes[0] if len(shapes) == 1 else shapes)
        weights = cases.weights_for(layer)
        layer.set_weights(weights)
        args = inputs[0] if len(inputs) == 1 else inputs
        result = layer(args, **call_kwargs)
        record = {"inputs": [x.tolist() for x in inputs], "weights": [w.tolist() for w in weights],
                  "output": np.asarray(result).tolist(), "output_shape": list(np.shape(result))}
        if name.startswith("batch_normalization"):
            record["weights_after"] = [np.asarray(w).tolist() for w in layer.weights]
        outputs[name] = record
    for name, make in cases.INT_INPUT_CASES.items():
        layer, indices = make(keras)
        layer.build(indices.shape)
        weights = cases.weights_for(layer)
        layer.set_weights(weights)
        outputs[name] = {"inputs": [indices.tolist()], "weights": [w.tolist() for w in weights],
                         "output": np.asarray(layer(indices)).tolist()}
    write("layer_outputs.json", outputs)

    configs = {}
    for name, expression in cases.CONFIG_CASES.items():
        keras.backend.clear_session()
        layer = eval(expression, {"keras": keras})
        configs[name] = json.loads(json.dumps(keras.saving.serialize_keras_object(layer), default=_json_default))
    write("layer_configs.json", configs)


def record_activations():
    x = np.linspace(-3, 3, 12, dtype="float32").reshape(3, 4)
    out = {name: np.asarray(keras.activations.get(name)(x)).tolist() for name in cases.ACTIVATIONS}
    write("activations.json", {"input": x.tolist(), "outputs": out})


def record_errors():
    errors = {}
    for name, fn in cases.ERROR_CASES.items():
        keras.backend.clear_session()
        try:
            fn(keras)
        except Exception as e:  # noqa: BLE001 - we record whatever Keras raises
            errors[name] = {"class": type(e).__name__, "message": str(e)}
        else:
            errors[name] = None
    write("errors.json", errors)


def record_misc():
    """Names, reprs and small facts that tests compare as they are."""
    keras.backend.clear_session()
    facts = {}
    layer = keras.layers.Dense(3)
    layer.build((None, 2))
    facts["dense_weight_names"] = [w.name for w in layer.weights]
    facts["dense_weight_paths"] = [w.path for w in layer.weights]
    facts["auto_names"] = [keras.layers.Dense(1).name, keras.layers.Dense(1).name, keras.layers.Conv2DTranspose(1, 1).name,
                           keras.layers.BatchNormalization().name, keras.layers.GlobalAveragePooling2D().name]
    keras.backend.clear_session()
    facts["after_clear_session"] = keras.layers.Dense(1).name
    x = keras.Input((3,), name="x")
    facts["keras_tensor_repr"] = repr(x)
    facts["input_spec_repr"] = repr(keras.layers.InputSpec(min_ndim=2, axes={-1: 4}))
    facts["layer_repr"] = repr(keras.layers.Dense(2, name="d"))
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.layers.BatchNormalization()])
    facts["sequential_weight_paths"] = [w.path for w in model.weights]
    facts["sequential_trainable_count"] = len(model.trainable_weights)
    model.layers[0].trainable = False
    facts["after_freeze_trainable"] = [w.path for w in model.trainable_weights]
    facts["after_freeze_non_trainable"] = [w.path for w in model.non_trainable_weights]
    keras.backend.clear_session()
    m = keras.Sequential([keras.layers.Dense(2)])
    m(np.ones((5, 3), "float32"))
    facts["sequential_called_output_shape"] = list(m.output_shape)
    facts["sequential_called_paths"] = [w.path for w in m.weights]
    write("misc.json", facts)


if __name__ == "__main__":
    record_models()
    record_layers()
    record_activations()
    record_errors()
    record_misc()

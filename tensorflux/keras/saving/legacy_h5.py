"""The legacy Keras 2 HDF5 format (``model.save("m.h5")``, ``save_weights("w.h5")``).

A whole-model file holds, as root attributes, ``model_config`` (JSON), ``training_config`` (JSON:
loss, metrics, optimizer config) and ``keras_version``/``backend``; a ``model_weights`` group
with one group per layer (attribute ``layer_names``), each listing its arrays in
``weight_names`` (trainable weights first, then the others); and an ``optimizer_weights`` group.
A weights-only file is the ``model_weights`` group at the root. Weights load by layer order
(layers without weights skipped) — which is how Keras 3 loads the published weights of Keras
applications — or, with ``by_name=True``, by layer name.
"""

from __future__ import annotations

import json
import logging
import os
import warnings

import h5py
import numpy as np

from ...train.atomic import atomic_path
from .file_errors import errors_name_file, file_error
from .h5_store import safe_dataset, safe_group
from .keras_archive import KERAS_VERSION

_LOG = logging.getLogger("absl")
HDF5_OBJECT_HEADER_LIMIT = 64512


# --- writing ---------------------------------------------------------------------------------------

def save_model_to_hdf5(model, filepath, include_optimizer: bool = True) -> None:
    """Writes ``model`` (config, weights, optimizer) in the Keras 2 HDF5 layout, atomically."""
    metadata = _model_metadata(model, include_optimizer)
    with atomic_path(filepath) as temporary, h5py.File(temporary, mode="w") as f:
        for key, value in metadata.items():
            f.attrs[key] = json.dumps(value).encode("utf8") if isinstance(value, (dict, list, tuple)) else value
        save_weights_to_hdf5_group(f.create_group("model_weights"), model)
        optimizer = getattr(model, "optimizer", None)
        if include_optimizer and optimizer is not None and optimizer.variables:
            _save_named_arrays(f.create_group("optimizer_weights"), optimizer.variables)


def _model_metadata(model, include_optimizer):
    from .serialization import serialize_keras_object

    config = serialize_keras_object(model)
    metadata = {"keras_version": KERAS_VERSION, "backend": "tensorflow",
                "model_config": {"class_name": model.__class__.__name__, "config": config["config"]}}
    if include_optimizer and getattr(model, "optimizer", None) is not None and model.compiled:
        training = dict(model.get_compile_config())
        training.pop("optimizer", None)
        training["optimizer_config"] = {"class_name": model.optimizer.__class__.__name__,
                                        "config": model.optimizer.get_config()}
        metadata["training_config"] = training
    return metadata


def save_weights_to_hdf5_group(group, model) -> None:
    """One group per layer (sorted by name), each with its weights; then the model's own weights."""
    _save_string_list(group, "layer_names", [layer.name for layer in model.layers])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in sorted(model.layers, key=lambda x: x.name):
        _save_named_arrays(group.create_group(layer.name), legacy_weights(layer))
    _save_named_arrays(group.create_group("top_level_model_weights"), _top_level_weights(model))


def save_weights_to_hdf5(model, filepath) -> None:
    with atomic_path(filepath) as temporary, h5py.File(temporary, mode="w") as f:
        save_weights_to_hdf5_group(f, model)


def _save_named_arrays(group, variables) -> None:
    names = [str(v.path) for v in variables]
    _save_string_list(group, "weight_names", names)
    for name, variable in zip(names, variables):
        value = np.asarray(variable.numpy())
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        dataset[()] = value


def _save_string_list(group, name, strings) -> None:
    """``strings`` as one attribute, split into ``name0``, ``name1``, … when over HDF5's header limit."""
    data = np.asarray([s.encode("utf8") for s in strings]) if strings else np.asarray([], dtype="S1")
    chunks = [data]
    while any(chunk.nbytes > HDF5_OBJECT_HEADER_LIMIT for chunk in chunks):
        chunks = np.array_split(data, len(chunks) + 1)
    if len(chunks) == 1:
        group.attrs[name] = data
    else:
        for i, chunk in enumerate(chunks):
            group.attrs[f"{name}{i}"] = chunk


def legacy_weights(layer) -> list:
    """Keras 2's order: trainable weights, then non-trainable ones."""
    return layer.trainable_weights + layer.non_trainable_weights


def _top_level_weights(model) -> list:
    own = model._trainable_variables + model._non_trainable_variables
    return [v for v in own if any(v is w for w in model.weights)]


# --- reading ---------------------------------------------------------------------------------------

def load_model_from_hdf5(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model a Keras 2 (or legacy Keras 3) ``.h5`` file holds, compiled if it was."""
    from .serialization import deserialize_keras_object

    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise file_error(filepath, "no such file.")
    with errors_name_file(filepath), _open_h5(filepath) as f:
        model_config = f.attrs.get("model_config")
        if model_config is None:
            raise file_error(filepath, "no model config found in the file (it may hold weights only: use "
                                       "`model.load_weights()`).")
        config = upgrade_legacy_config(json.loads(_text(model_config)))
        model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
        load_weights_from_hdf5_group(safe_group(f, "model_weights"), model)
        training_config = f.attrs.get("training_config")
        if not compile:
            return model
        if training_config is None:
            _LOG.warning("No training configuration found in the save file, so the model was *not* compiled. "
                         "Compile it manually.")
            return model
        model.compile(**compile_args_from_training_config(json.loads(_text(training_config)), custom_objects))
        if "optimizer_weights" in f:
            _restore_optimizer(model, safe_group(f, "optimizer_weights"))
    return model


def _restore_optimizer(model, group) -> None:
    values = load_subset_weights_from_hdf5_group(group)
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    if len(values) != len(optimizer.variables) or any(
            tuple(np.shape(a)) != tuple(v.shape.as_list()) for a, v in zip(values, optimizer.variables)):
        _LOG.warning("Error in loading the saved optimizer state. As a result, your model is starting with a freshly "
                     "initialized optimizer.")
        return
    for variable, value in zip(optimizer.variables, values):
        variable.assign(value)


def load_weights_from_hdf5(model, filepath, by_name=False, skip_mismatch=False) -> None:
    """``model.load_weights("w.h5")`` for a Keras 2 weights file (or a whole-model ``.h5``)."""
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise file_error(filepath, "no such file.")
    with errors_name_file(filepath), _open_h5(filepath) as f:
        group = f
        if "layer_names" not in f.attrs and "model_weights" in f:
            group = safe_group(f, "model_weights")
        if by_name:
            load_weights_from_hdf5_group_by_name(group, model, skip_mismatch)
        else:
            load_weights_from_hdf5_group(group, model, skip_mismatch)


def _open_h5(filepath):
    try:
        return h5py.File(filepath, mode="r")
    except OSError as e:
        raise file_error(filepath, f"not a readable HDF5 file ({e}).") from e


def load_weights_from_hdf5_group(group, model, skip_mismatch=False) -> None:
    """Layer by layer, in order, counting only the layers (and saved groups) that have weights."""
    layers = [layer for layer in model.layers if legacy_weights(layer)]
    names = [name for name in load_string_list(group, "layer_names")
             if load_string_list(safe_group(group, name), "weight_names")]
    if len(names) != len(layers):
        raise ValueError(f"Layer count mismatch when loading weights from file. Model expected {len(layers)} layers, "
                         f"found {len(names)} saved layers.")
    for k, (name, layer) in enumerate(zip(names, layers)):
        values = load_subset_weights_from_hdf5_group(safe_group(group, name))
        variables = legacy_weights(layer)
        if len(values) != len(variables):
            raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name} in the current model, {name} "
                             f"in the save file). Layer expects {len(variables)} weight(s). Received {len(values)} "
                             "saved weight(s)")
        _set_weights(variables, values, skip_mismatch, f"layer #{k} (named {layer.name})")
    if "top_level_model_weights" in group:
        _load_top_level(group, model, skip_mismatch)


def load_weights_from_hdf5_group_by_name(group, model, skip_mismatch=False) -> None:
    """Each saved layer into the model's layers of the same name; the others are left alone."""
    index: dict[str, list] = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    for k, name in enumerate(load_string_list(group, "layer_names")):
        values = load_subset_weights_from_hdf5_group(safe_group(group, name))
        for layer in index.get(name, []):
            variables = legacy_weights(layer)
            if len(values) != len(variables):
                message = (f"Weight count mismatch for layer #{k} (named {layer.name}). Layer expects "
                           f"{len(variables)} weight(s). Received {len(values)} saved weight(s)")
                if skip_mismatch:
                    warnings.warn(f"Skipping loading of weights for layer #{k} (named {layer.name}) due to mismatch "
                                  f"in number of weights. {message}", stacklevel=2)
                    continue
                raise ValueError(message)
            _set_weights(variables, values, skip_mismatch, f"layer #{k} (named {layer.name})")
    if "top_level_model_weights" in group:
        _load_top_level(group, model, skip_mismatch)


def _load_top_level(group, model, skip_mismatch) -> None:
    values = load_subset_weights_from_hdf5_group(safe_group(group, "top_level_model_weights"))
    variables = _top_level_weights(model)
    if len(values) != len(variables):
        message = (f"Weight count mismatch for top-level weights of model. Model expects {len(variables)} top-level "
                   f"weight(s). Received {len(values)} saved top-level weight(s)")
        if skip_mismatch:
            warnings.warn(f"Skipping loading top-level weights for model due to mismatch in number of weights. "
                          f"{message}", stacklevel=2)
            return
        raise ValueError(message)
    _set_weights(variables, values, skip_mismatch, "top-level model")


def _set_weights(variables, values, skip_mismatch, name) -> None:
    """Assigns values to variables; a shape mismatch is an error, or skipped with a warning."""
    checked = []
    for variable, value in zip(variables, values):
        expected, received = tuple(variable.shape.as_list()), tuple(np.shape(value))
        if expected != received:
            message = (f"Shape mismatch in {name} for weight {variable.path}. Weight expects shape {expected}. "
                       f"Received saved weight with shape {received}")
            if skip_mismatch:
                warnings.warn(f"Skipping loading weights for {name} due to mismatch in shape. {message}",
                              stacklevel=3)
                continue
            raise ValueError(message)
        checked.append((variable, value))
    for variable, value in checked:
        value = np.asarray(value)
        if value.dtype.kind == "V":  # bfloat16, stored as opaque 2-byte values
            import ml_dtypes

            value = value.view(ml_dtypes.bfloat16)
        variable.assign(value)


def load_subset_weights_from_hdf5_group(group) -> list:
    return [np.asarray(safe_dataset(group, name)[()]) for name in load_string_list(group, "weight_names")]


def load_string_list(group, name) -> list:
    """An attribute list of strings (possibly split as ``name0``, ``name1``, …)."""
    if name in group.attrs:
        data = list(group.attrs[name])
    else:
        data, chunk = [], 0
        while f"{name}{chunk}" in group.attrs:
            data.extend(group.attrs[f"{name}{chunk}"])
            chunk += 1
    return [_text(x) for x in data]


def _text(value) -> str:
    return value.decode("utf-8") if hasattr(value, "decode") else str(value)


# --- Keras 2 configs -------------------------------------------------------------------------------

_LAMBDA_LEGACY_ARGS = ("module", "function_type", "output_shape_type", "output_shape_module")


def upgrade_legacy_config(config):
    """A Keras 2 config in Keras 3's form: public modules added, ``batch_input_shape`` → ``batch_shape``
    (or ``input_shape``), one-element ``axis`` lists → ints, stored lambdas in ``__lambda__`` form."""
    if isinstance(config, list):
        return [upgrade_legacy_config(x) for x in config]
    if not isinstance(config, dict):
        return config
    config = {k: upgrade_legacy_config(v) for k, v in config.items()}
    inner = config.get("config")
    class_name = config.get("class_name")
    if not (isinstance(class_name, str) and isinstance(inner, dict)):
        return config
    shape = inner.pop("batch_input_shape", None)
    if shape is not None:
        inner["batch_shape" if class_name == "InputLayer" else "input_shape"] = \
            shape if class_name == "InputLayer" else shape[1:]
    axis = inner.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        inner["axis"] = int(axis[0])
    if class_name == "Lambda":
        for key in _LAMBDA_LEGACY_ARGS:
            inner.pop(key, None)
        if isinstance(inner.get("function"), list):
            code, defaults, closure = inner["function"]
            inner["function"] = {"class_name": "__lambda__",
                                 "config": {"code": code, "defaults": defaults, "closure": closure}}
    if "module" not in config:
        config["module"] = _legacy_module(class_name)
        config.setdefault("registered_name", None)
    return config


def _legacy_module(class_name: str) -> str:
    from ..api_export import get_symbol_from_name

    if class_name in ("Functional", "Model"):
        return "keras.src.models.functional"
    for module in ("keras.layers", "keras.models", "keras", "keras.initializers", "keras.regularizers",
                   "keras.constraints", "keras.losses", "keras.metrics", "keras.optimizers"):
        if get_symbol_from_name(f"{module}.{class_name}") is not None:
            return module
    return "keras.layers"


def compile_args_from_training_config(training_config, custom_objects=None) -> dict:
    """``compile()`` arguments from a legacy ``training_config`` (Keras 2 names upgraded)."""
    from .. import optimizers
    from .serialization import deserialize_keras_object

    optimizer_config = dict(training_config["optimizer_config"])
    class_name = optimizer_config["class_name"]
    class_name = class_name.removeprefix("Custom>")  # tf_keras registers its built-in optimizers as "Custom>Adam"
    inner = {k: v for k, v in optimizer_config["config"].items() if k not in ("jit_compile", "is_legacy_optimizer")}
    optimizer = optimizers.get({"class_name": class_name, "config": inner})

    def revive(value):
        if isinstance(value, dict) and value.get("class_name") == "MeanMetricWrapper":
            return value["config"].get("name") or value["config"].get("fn")
        if isinstance(value, dict) and "class_name" in value:
            return deserialize_keras_object(upgrade_legacy_config(value), custom_objects=custom_objects)
        if isinstance(value, list):
            flat = [revive(v) for v in value]
            return flat[0] if len(flat) == 1 and isinstance(value[0], list) else flat
        if isinstance(value, dict):
            return {k: revive(v) for k, v in value.items()}
        return value

    return {"optimizer": optimizer, "loss": revive(training_config.get("loss")),
            "metrics": revive(training_config.get("metrics")),
            "weighted_metrics": revive(training_config.get("weighted_metrics")),
            "loss_weights": training_config.get("loss_weights")}

"""Keras objects ↔ JSON-able configs, in Keras 3's format.

An object becomes ``{"module": "keras.layers", "class_name": "Dense", "config": {...},
"registered_name": None, "build_config": {...}}``: the public Keras name of its class, so that
real Keras reads the configs tensorflux writes and the other way round.
"""

from __future__ import annotations

import importlib
import types
import warnings

import numpy as np

from ..api_export import get_name_from_symbol, get_symbol_from_name, keras_export
from . import object_registration

PLAIN_TYPES = (str, int, float, bool)


@keras_export(["keras.saving.serialize_keras_object", "keras.utils.serialize_keras_object"])
def serialize_keras_object(obj):
    """The config of a Keras object (recursively for lists, dicts and nested objects)."""
    from ...framework.dtypes import DType
    from ...framework.shape import TensorShape
    from ...framework.tensor import TensorOperators
    from ..graph.keras_tensor import KerasTensor

    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return serialize_dict(obj)
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {"start": serialize_keras_object(obj.start),
                                                       "stop": serialize_keras_object(obj.stop),
                                                       "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, KerasTensor):
        history = getattr(obj, "_keras_history", None)
        if history:
            history = [history[0].name, history[1], history[2]]
        return {"class_name": "__keras_tensor__",
                "config": {"shape": obj.shape, "dtype": obj.dtype.name, "keras_history": history}}
    if isinstance(obj, TensorShape):
        return obj.as_list() if obj.rank is not None else None
    if isinstance(obj, TensorOperators):
        return {"class_name": "__tensor__", "config": {"value": np.asarray(obj).tolist(), "dtype": obj.dtype.name}}
    if type(obj).__module__ == np.__name__:
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
        return obj.item()
    if isinstance(obj, DType):
        return obj.name
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        warnings.warn("The object being serialized includes a `lambda`. This is unsafe. In order to reload the "
                      "object, you will have to pass `safe_mode=False` to the loading function. Please avoid using "
                      "`lambda` in the future, and use named Python functions instead.", stacklevel=2)
        from ..utils.python_utils import func_dump

        return {"class_name": "__lambda__", "config": {"value": func_dump(obj)}}
    inner = _class_or_fn_config(obj)
    config = _public_config(obj.__class__, inner)
    if config is None:
        module = obj.__module__ if isinstance(obj, types.FunctionType) else \
            getattr(obj.__class__, "_keras_module", obj.__class__.__module__)
        public = get_name_from_symbol(obj) if isinstance(obj, types.FunctionType) else None
        if public is not None:  # a Keras function: its public module, which real Keras resolves too
            module = public.rpartition(".")[0]
        registered = None if module == "builtins" else object_registration.get_registered_name(
            obj if isinstance(obj, types.FunctionType) else obj.__class__)
        config = {"module": module, "class_name": obj.__class__.__name__, "config": inner,
                  "registered_name": registered}
    _add_build_and_compile_config(obj, config)
    return config


def serialize_dict(obj: dict) -> dict:
    return {key: serialize_keras_object(value) for key, value in obj.items()}


def _class_or_fn_config(obj):
    if isinstance(obj, types.FunctionType):
        return object_registration.get_registered_name(obj)
    if hasattr(obj, "get_config"):
        config = obj.get_config()
        if not isinstance(config, dict):
            raise TypeError(f"The `get_config()` method of {obj} should return a dict. It returned: {config}")
        return serialize_dict(config)
    if hasattr(obj, "__name__"):
        return object_registration.get_registered_name(obj)
    raise TypeError(f"Cannot serialize object {obj} of type {type(obj)}. To be serializable, a class must "
                    "implement the `get_config()` method.")


def _public_config(cls, inner):
    name = get_name_from_symbol(cls)
    if name is None:
        registered = object_registration.GLOBAL_CUSTOM_NAMES.get(cls)
        if registered is None:
            return None
        return {"module": cls.__module__, "class_name": cls.__name__, "config": inner, "registered_name": registered}
    module, _, class_name = name.rpartition(".")
    return {"module": module, "class_name": class_name, "config": inner, "registered_name": None}


def serialize_function(fn, name=None) -> dict:
    """A function by its public Keras name (``keras.activations`` / ``relu``) or registration."""
    public = get_name_from_symbol(fn)
    if public is not None:
        module, _, short = public.rpartition(".")
        return {"module": module, "class_name": "function", "config": name or short, "registered_name": name or short}
    registered = object_registration.get_registered_name(fn)
    return {"module": fn.__module__, "class_name": "function", "config": registered, "registered_name": registered}


def _add_build_and_compile_config(obj, config):
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            config["build_config"] = serialize_dict(build_config)
    if hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config is not None:
            config["compile_config"] = serialize_dict(compile_config)


@keras_export(["keras.saving.deserialize_keras_object", "keras.utils.deserialize_keras_object"])
def deserialize_keras_object(config, custom_objects=None, safe_mode=True, module_objects=None, **kwargs):
    """The object a config describes (the inverse of ``serialize_keras_object``)."""
    if _SAFE_MODE:  # an enclosing load decided (``load_model(..., safe_mode=False)`` reaches nested objects)
        safe_mode = _SAFE_MODE[-1]
    custom_objects = {**(custom_objects or {}), **object_registration.scoped_custom_objects(),
                      **object_registration.GLOBAL_CUSTOM_OBJECTS}
    if config is None:
        return None
    if isinstance(config, str) and custom_objects.get(config) is not None:
        return custom_objects[config]
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, safe_mode) for x in config]
    if module_objects is not None:
        found = _from_module_objects(config, custom_objects, module_objects)
        if found is not _MISSING:
            return found
    if isinstance(config, PLAIN_TYPES):
        return config
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config}")
    if "class_name" not in config or "config" not in config:
        return {k: deserialize_keras_object(v, custom_objects, safe_mode) for k, v in config.items()}
    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    special = _deserialize_special(class_name, inner, custom_objects, safe_mode)
    if special is not _MISSING:
        return special
    module = config.get("module")
    registered_name = config.get("registered_name", class_name)
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(f"Expected 'config' to be a non-null str for a function classname,\ninstead got "
                            f"{type(inner)}\nFull config: {config}")
        return retrieve_object(inner, registered_name, module, "function", config, custom_objects)
    if not isinstance(inner, dict):
        raise TypeError(f"Expected 'config' to be a dict for {class_name},\ninstead got {type(inner)}\n"
                        f"Full config: {config}")
    cls = retrieve_object(class_name, registered_name, module, "class", config, custom_objects)
    if isinstance(cls, types.FunctionType):
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct an instance of '{class_name}' because the class is missing a "
                        f"`from_config()` method. Full object config: {config}")
    with object_registration.CustomObjectScope(custom_objects), _safe_mode(safe_mode):
        try:
            instance = cls.from_config(inner)
        except TypeError as e:
            raise TypeError(f"{cls} could not be deserialized properly. Please ensure that components that are "
                            "Python object instances (layers, models, etc.) returned by `get_config()` are "
                            "explicitly deserialized in the model's `from_config()` method."
                            f"\n\nconfig={config}.\n\nException encountered: {e}") from None
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True):
            instance.build_from_config(build_config)
            instance.built = True
        compile_config = config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):
            instance.compile_from_config(compile_config)
    return instance


_MISSING = object()
_SAFE_MODE: list[bool] = []  # the safe_mode of the deserializations in progress, innermost last


class _safe_mode:
    def __init__(self, safe):
        self.safe = safe

    def __enter__(self):
        _SAFE_MODE.append(self.safe)

    def __exit__(self, *exc):
        _SAFE_MODE.pop()


def get_from_identifier(identifier, registry: dict, deserialize, kind: str):
    """What a module's ``get`` returns: None, the object of a config or of a registered name, or the
    callable itself — a class is instantiated with its defaults (losses, metrics, constraints)."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = registry.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if isinstance(obj, type) else obj
    raise ValueError(f"Could not interpret {kind} identifier: {identifier}")


def _unsafe_enabled() -> bool:
    from .. import config

    return config.unsafe_deserialization_enabled()


def in_safe_mode() -> bool:
    from .. import config

    return (_SAFE_MODE[-1] if _SAFE_MODE else True) and not config.unsafe_deserialization_enabled()


def _from_module_objects(config, custom_objects, module_objects):
    """``"relu"`` or ``{"class_name": "GlorotUniform", ...}`` looked up among a module's objects."""
    inner = None
    if isinstance(config, dict):
        if "class_name" not in config:
            raise ValueError(f"Unknown `config` as a `dict`, config={config}")
        inner = config.get("config")
        if config["class_name"] in custom_objects or config.get("registered_name") in custom_objects:
            return _MISSING
        if config["class_name"] == "function":
            name = config["config"] if config.get("module") == "builtins" else config["registered_name"]
        else:
            name = config["class_name"]
    elif isinstance(config, str):
        name = config
    else:
        return _MISSING
    if name not in module_objects:
        return name
    obj = module_objects[name]
    if isinstance(obj, types.FunctionType):
        return obj
    return obj.from_config(inner or {})


def _deserialize_special(class_name, inner, custom_objects, safe_mode):
    if class_name == "__keras_tensor__":
        from ..graph.keras_tensor import KerasTensor

        obj = KerasTensor(inner["shape"], dtype=inner["dtype"])
        obj._pre_serialization_keras_history = inner["keras_history"]
        return obj
    if class_name == "__tensor__":
        from ...framework.primitive import convert_to_tensor

        return convert_to_tensor(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(deserialize_keras_object(inner[k], custom_objects, safe_mode) for k in ("start", "stop", "step")))
    if class_name == "__lambda__":
        if safe_mode and not _unsafe_enabled():
            raise ValueError("Requested the deserialization of a Python lambda. This carries a potential risk of "
                             "arbitrary code execution and thus it is disallowed by default. If you trust the source "
                             "of the artifact, you can override this error by passing `safe_mode=False` to the "
                             "loading function, or calling `keras.config.enable_unsafe_deserialization().")
        from ..utils.python_utils import func_load

        return func_load(inner["value"])
    return _MISSING


def retrieve_object(name, registered_name, module, obj_type, full_config, custom_objects=None):
    """Finds a class or function from its config: custom objects, then Keras' public names."""
    custom_objects = custom_objects or {}
    for key in (registered_name, name):
        if key in custom_objects:
            return custom_objects[key]
        found = object_registration.get_registered_object(key)
        if found is not None:
            return found
    if module and (module == "keras" or module.startswith("keras.")):
        found = _public_symbol(module, name)
        if found is not None:
            return found
    if module and not module.startswith("keras"):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            found = None
        if found is not None:
            return found
    raise TypeError(f"Could not locate {obj_type} '{name}'. Make sure custom classes and functions are decorated "
                    "with `@keras.saving.register_keras_serializable()`. If they are already decorated, make sure "
                    "they are all imported so that the decorator is run before trying to load them. Full object "
                    f"config: {full_config}")


def _public_symbol(module, name):
    if module.startswith("keras.src"):  # a private Keras module path: the public name is what counts
        found = get_symbol_from_name(f"{module}.{name}")
        if found is not None:
            return found
        for public in ("keras.layers", "keras.models", "keras", "keras.initializers", "keras.regularizers",
                       "keras.constraints", "keras.activations", "keras.losses", "keras.metrics",
                       "keras.optimizers", "keras.dtype_policies"):
            found = get_symbol_from_name(f"{public}.{name}")
            if found is not None:
                return found
        return None
    found = get_symbol_from_name(f"{module}.{name}")
    if found is None:  # the module may not have been imported yet (tf.keras loads lazily)
        try:
            importlib.import_module("tensorflux." + module)
        except ImportError:
            return None
        found = get_symbol_from_name(f"{module}.{name}")
    return found

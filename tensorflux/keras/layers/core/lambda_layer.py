"""``Lambda``: a layer that calls a Python function (written with tf or keras.ops operations)."""

from __future__ import annotations

import inspect
import types

from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ...graph.tracing import trace_output_spec
from ...saving.serialization import deserialize_keras_object, in_safe_mode, serialize_keras_object
from ...utils.python_utils import func_dump, func_load
from ..layer import Layer


@keras_export("keras.layers.Lambda")
class Lambda(Layer):
    """Wraps ``function(inputs, **arguments)`` as a layer.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Lambda(lambda x: x * 2)(tf.constant([1.0, 2.0])).numpy()
    array([2., 4.], dtype=float32)
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.supports_masking = mask is not None
        self.mask = mask
        self._output_shape = output_shape
        parameters = inspect.getfullargspec(function).args
        self._fn_expects_training_arg = "training" in parameters
        self._fn_expects_mask_arg = "mask" in parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_spec(self, inputs, mask=None, training=None):
        if self._output_shape is None:
            return trace_output_spec(self, self.call, (inputs,), {"training": training})
        return super().compute_output_spec(inputs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            from ....framework import nest

            structure = [KerasTensor(s, dtype=self.compute_dtype) for s in input_shape] \
                if input_shape and isinstance(input_shape[0], (tuple, list)) else \
                KerasTensor(input_shape, dtype=self.compute_dtype)
            try:
                spec = trace_output_spec(self, self.call, (structure,), {})
            except Exception:  # noqa: BLE001
                raise NotImplementedError("We could not automatically infer the shape of the Lambda's output. Please "
                                          "specify the `output_shape` argument for this Lambda layer.") from None
            return nest.map_structure(lambda x: x.shape, spec)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape[0] if input_shape and isinstance(input_shape[0], (tuple, list)) else input_shape
        return (first[0],) + tuple(self._output_shape)

    def compute_mask(self, inputs, mask=None):
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def get_config(self) -> dict:
        config = {"function": _function_config(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = _function_config(self._output_shape) if callable(self._output_shape) else \
                self._output_shape
        if self.mask is not None:
            config["mask"] = _function_config(self.mask) if callable(self.mask) else serialize_keras_object(self.mask)
        config["arguments"] = serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        config = dict(config)
        safe = in_safe_mode() if safe_mode is None else safe_mode
        config["function"] = _function_from_config(config["function"], safe, custom_objects)
        if "output_shape" in config:
            shape = config["output_shape"]
            if isinstance(shape, dict):
                config["output_shape"] = _function_from_config(shape, safe, custom_objects)
            elif isinstance(shape, list):
                config["output_shape"] = tuple(shape)
        if "arguments" in config:
            config["arguments"] = deserialize_keras_object(config["arguments"], custom_objects=custom_objects)
        if isinstance(config.get("dtype"), dict):
            from ... import dtype_policies

            config["dtype"] = dtype_policies.deserialize(config["dtype"]).name
        return cls(**config)


def _function_config(fn):
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        code, defaults, closure = func_dump(fn)
        return {"class_name": "__lambda__", "config": {"code": code, "defaults": defaults, "closure": closure}}
    if callable(fn):
        return serialize_keras_object(fn)
    raise ValueError(f"Invalid input type for serialization. Received: {fn} of type {type(fn)}.")


def _function_from_config(config, safe_mode, custom_objects):
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        if safe_mode:
            raise ValueError("Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
                             "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
                             "default. If you trust the source of the artifact, you can override this error by passing "
                             "`safe_mode=False` to the loading function, or calling "
                             "`keras.config.enable_unsafe_deserialization().")
        inner = config["config"]
        return func_load(inner["code"], defaults=inner["defaults"], closure=inner["closure"], globs=_lambda_globals())
    return deserialize_keras_object(config, custom_objects=custom_objects)


def _lambda_globals() -> dict:
    """What a reloaded lambda may refer to: the usual module names of Keras code."""
    import numpy as np

    import tensorflux
    from tensorflux import keras

    return {"tf": tensorflux, "keras": keras, "np": np, "ops": keras.ops, "__builtins__": __builtins__}

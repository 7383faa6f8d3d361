"""``Sequential``: a stack of single-input, single-output layers.

Once its input shape is known (an ``Input`` first, ``input_shape=`` on the first layer, ``build``,
or the first call) it builds a ``Functional`` model of its layers and runs through it.
"""

from __future__ import annotations

import copy
import inspect

from ..api_export import keras_export
from ..graph.keras_tensor import KerasTensor
from ..layers.core.input_layer import InputLayer
from ..layers.layer import Layer
from ..saving.serialization import deserialize_keras_object, serialize_keras_object
from ..utils.dtype_utils import standardize_shape
from .functional import Functional
from .model import Model


@keras_export(["keras.Sequential", "keras.models.Sequential"])
class Sequential(Model):
    """Groups a linear stack of layers into a model.

    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(8)])
    >>> len(model.weights)
    2
    """

    def __new__(cls, *args, **kwargs):
        return Layer.__new__(cls, *args, **kwargs)

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._functional = None
        self._layers = []
        if layers:
            for layer in layers:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        """Adds a layer (or an ``Input``) on top of the stack."""
        if not self._layers and getattr(layer, "_input_shape_arg", None) is not None:
            self.add(InputLayer(shape=layer._input_shape_arg))
        if isinstance(layer, KerasTensor) and layer._keras_history is not None:
            origin = layer._keras_history[0]
            if isinstance(origin, InputLayer):
                layer = origin
        if not isinstance(layer, Layer):
            raise ValueError(f"Only instances of `keras.Layer` can be added to a Sequential model. Received: {layer} "  # noqa: TRY004
                             f"(of type {type(layer)})")
        if any(layer.name == other.name and other is not layer for other in self._layers):
            raise ValueError("All layers added to a Sequential model should have unique names. Name "
                             f"'{layer.name}' is already the name of a layer in this model. Update the `name` argument "
                             "to pass a unique name.")
        if isinstance(layer, InputLayer) and self._layers and isinstance(self._layers[0], InputLayer):
            raise ValueError(f"Sequential model '{self.name}' has already been configured to use input shape "
                             f"{self._layers[0].batch_shape}. You cannot add a different Input layer to it.")
        self._layers.append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built = False
            self._functional = None

    def pop(self, rebuild=True):
        """Removes (and returns) the last layer."""
        layer = self._layers.pop()
        self.built = False
        self._functional = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built = False
        self._functional = None
        if self._layers and isinstance(self._layers[0], InputLayer) and len(self._layers) > 1:
            self.build(self._layers[0].batch_shape)
        elif self._layers and hasattr(self._layers[0], "input_shape") and len(self._layers) > 1:
            self.build(self._layers[0].input_shape)

    def _lock_state(self):
        """Layers can be added after the model is built."""

    def build(self, input_shape=None):
        try:
            input_shape = standardize_shape(input_shape)
        except (ValueError, TypeError):
            return
        if not self._layers:
            raise ValueError(f"Sequential model {self.name} cannot be built because it has no layers. Call "
                             "`model.add(layer)`.")
        if isinstance(self._layers[0], InputLayer):
            if self._layers[0].batch_shape != input_shape:
                raise ValueError(f"Sequential model '{self.name}' has already been configured to use input shape "
                                 f"{self._layers[0].batch_shape}. You cannot build it with input_shape {input_shape}")
        else:
            self._layers = [InputLayer(batch_shape=input_shape, dtype=self._layers[0].compute_dtype)] + self._layers
        inputs = self._layers[0].output
        x = inputs
        for layer in self._layers[1:]:
            try:
                x = layer(x)
            except NotImplementedError:
                return
            except TypeError:
                _explain_positional_arguments(layer)
                raise
        self._functional = Functional(inputs=inputs, outputs=x)

    def call(self, inputs, training=None, mask=None, **kwargs):
        if self._functional:
            return self._functional.call(inputs, training=training, mask=mask, **kwargs)
        for layer in self.layers:
            layer_kwargs = {}
            if layer._call_has_training_arg and training is not None:
                layer_kwargs["training"] = training
            inputs = layer(inputs, **layer_kwargs)
        return inputs

    @property
    def layers(self) -> list:
        layers = self._layers
        if layers and isinstance(layers[0], InputLayer):
            return layers[1:]
        return layers[:]

    @layers.setter
    def layers(self, _):
        raise AttributeError("`Sequential.layers` attribute is reserved and should not be used. Use `add()` and "
                             "`pop()` to change the layers in this model.")

    def compute_output_spec(self, inputs, training=None, mask=None, **kwargs):
        if self._functional:
            return self._functional.compute_output_spec(inputs, training=training, mask=mask)
        for layer in self.layers:
            inputs = layer.compute_output_spec(inputs, training=training) if layer._call_has_training_arg else \
                layer.compute_output_spec(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        if self._functional:
            return self._functional.compute_output_shape(input_shape)
        for layer in self.layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    @property
    def input_shape(self):
        if self._functional:
            return self._functional.input_shape
        raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")

    @property
    def output_shape(self):
        if self._functional:
            return self._functional.output_shape
        raise AttributeError(f"Sequential model '{self.name}' has no defined output shape yet.")

    @property
    def inputs(self):
        if self._functional:
            return self._functional.inputs
        raise AttributeError(f"Sequential model '{self.name}' has no defined inputs yet.")

    @property
    def outputs(self):
        if self._functional:
            return self._functional.outputs
        raise AttributeError(f"Sequential model '{self.name}' has no defined outputs yet.")

    @property
    def input(self):
        if self._functional:
            return self._functional.input
        raise AttributeError(f"Sequential model '{self.name}' has no defined input yet.")

    @property
    def output(self):
        if self._functional:
            return self._functional.output
        raise AttributeError(f"Sequential model '{self.name}' has no defined output yet.")

    @property
    def input_spec(self):
        return self._functional.input_spec if self.__dict__.get("_functional") else None

    @input_spec.setter
    def input_spec(self, value):
        pass

    @property
    def input_dtype(self) -> str:
        layers = self.__dict__.get("_layers") or []
        if layers and isinstance(layers[0], InputLayer):
            return layers[0].dtype
        return super().input_dtype

    def get_config(self) -> dict:
        layer_configs = [serialize_keras_object(layer) for layer in self._layers]
        config = {"name": self.name, "trainable": self.trainable}
        from .. import dtype_policies

        config["dtype"] = dtype_policies.serialize(self.dtype_policy)
        config["layers"] = copy.deepcopy(layer_configs)
        if self._functional is not None:
            config["build_input_shape"] = self._layers[0].batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "name" not in config:
            raise ValueError("A Sequential model configuration must be a dictionary containing the 'name' and "
                             f"'layers' keys. Received: config={config}")
        model = cls(name=config["name"])
        for layer_config in config["layers"]:
            model.add(deserialize_keras_object(layer_config, custom_objects=custom_objects))
        build_input_shape = config.get("build_input_shape")
        if not model._functional and build_input_shape and isinstance(build_input_shape, (tuple, list)):
            model.build(build_input_shape)
        return model


def _explain_positional_arguments(layer):
    parameters = inspect.signature(layer.call).parameters.values()
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if not positional:
        raise ValueError("Layers added to a Sequential model should have a single positional argument, the input "
                         f"tensor. Layer {layer.__class__.__name__} has no positional arguments.")
    if len(required) > 1:
        raise ValueError("Layers added to a Sequential model can only have a single required positional argument, "
                         f"the input tensor. Layer {layer.__class__.__name__} has multiple required positional "
                         f"arguments: {required}")


"""``keras.Model``: layers grouped with training and inspection features.

Three ways to make one, as in Keras 3: ``Model(inputs, outputs)`` (functional: returns a
``Functional``), ``Sequential([...])``, or a subclass that defines ``call``.
"""

from __future__ import annotations

import inspect
import json
import warnings

from ..api_export import keras_export
from ..layers.layer import Layer
from ..trainers.trainer import Trainer
from ..utils import summary


@keras_export(["keras.Model", "keras.models.Model"])
class Model(Trainer, Layer):
    """A model: a layer with ``layers``, ``summary()``, configs and (later) ``fit``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> inputs = keras.Input(shape=(3,))
    >>> outputs = keras.layers.Dense(2)(inputs)
    >>> model = keras.Model(inputs, outputs)
    >>> model(tf.ones((4, 3))).shape
    TensorShape([4, 2])
    """

    def __new__(cls, *args, **kwargs):
        if functional_init_arguments(args, kwargs) and cls is Model:
            from .functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        Trainer.__init__(self)
        from .functional import Functional

        if functional_init_arguments(args, kwargs):
            inject_functional_model_class(self.__class__)
            Functional.__init__(self, *args, **kwargs)
        else:
            Layer.__init__(self, *args, **kwargs)

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Model {self.__class__.__name__} does not have a `call()` method implemented.")

    @property
    def layers(self) -> list:
        return list(self._flatten_layers(include_self=False, recursive=False))

    @layers.setter
    def layers(self, _):
        raise AttributeError("`Model.layers` attribute is reserved and should not be used. Please use another name.")

    def get_layer(self, name=None, index=None):
        """A layer by its (unique) name or by its index in ``model.layers``."""
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has {len(self.layers)}"
                                 " layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: {[x.name for x in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        """Prints Keras 3's table of the layers: name (type), output shape, parameter count.

        Args:
            line_length: total width (default: 88, or 108 with a "Connected to" column, capped at the
                terminal's width minus 4 — ``COLUMNS`` when set).
            positions: column boundaries, as fractions of the width.
            print_fn: called with the whole text instead of printing it.
            expand_nested: also list the layers of nested models.
            show_trainable: add a column saying whether each layer is trainable.
            layer_range: two names (or regular expressions): the first and last layer to show.
        """
        summary.print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                              expand_nested=expand_nested, show_trainable=show_trainable, layer_range=layer_range)

    def build(self, input_shape):
        """A subclassed model without a ``build`` method builds its layers on first call."""
        if self._layers and any(not layer.built for layer in self._layers):
            warnings.warn(f"`build()` was called on layer '{self.name}', however the layer does not have a "
                          "`build()` method implemented and it looks like it has unbuilt state. This will cause the "
                          "layer to be marked as built, despite not being actually built, which may cause failures "
                          "down the line. Make sure to implement a proper `build()` method.", stacklevel=2)
        self.built = True

    build._is_default = True

    def save(self, filepath, overwrite=True, zipped=None, **kwargs) -> None:
        """Saves the model (architecture, weights, optimizer state) to a ``.keras`` (or legacy ``.h5``) file."""
        from ..saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None) -> None:
        """Saves all the model's variables to a ``.weights.h5`` file."""
        from ..saving.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs) -> None:
        """Loads weights from a ``.weights.h5``, ``.keras`` or legacy ``.h5`` file (``by_name=`` for ``.h5``)."""
        from ..saving.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs) -> str:
        """The model's configuration as a JSON string (``keras.models.model_from_json`` reads it)."""
        from ..saving.serialization import serialize_keras_object

        return json.dumps(serialize_keras_object(self), default=_json_default, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from .functional import Functional, functional_from_config

        is_functional_config = all(key in config for key in ("name", "layers", "input_layers", "output_layers"))
        spec = inspect.getfullargspec(cls.__init__)
        functional_args = inspect.getfullargspec(Functional.__init__).args[1:]
        revivable = cls in (Functional, Model) or spec.args[1:] == functional_args or (
            spec.varargs == "args" and spec.varkw == "kwargs")
        if is_functional_config and revivable:
            return functional_from_config(cls, config, custom_objects=custom_objects)
        try:
            return cls(**config)
        except TypeError as e:
            raise TypeError("Unable to revive model from config. When overriding the `get_config()` method, make "
                            "sure that the returned config contains all items used as arguments in the  constructor "
                            f"to {cls}, which is the default behavior. You can override this default behavior by "
                            "defining a `from_config(cls, config)` class method to specify how to create an instance "
                            f"of {cls.__name__} from its config.\n\nReceived config={config}\n\nError encountered "
                            f"during deserialization: {e}") from None


def _json_default(obj):
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def functional_init_arguments(args, kwargs) -> bool:
    return len(args) == 2 or (len(args) == 1 and "outputs" in kwargs) or ("inputs" in kwargs and "outputs" in kwargs)


def inject_functional_model_class(cls):
    """A subclass of ``Model`` initialised with (inputs, outputs) becomes a subclass of ``Functional``."""
    from .functional import Functional

    if cls is Model:
        return Functional
    if cls is object:
        return object
    cls.__bases__ = tuple(inject_functional_model_class(base) for base in cls.__bases__)
    return cls


@keras_export(["keras.models.model_from_json"])
def model_from_json(json_string, custom_objects=None):
    """A model (untrained) from the JSON that ``model.to_json()`` wrote.

    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> keras.models.model_from_json(model.to_json()).output_shape
    (None, 2)
    """
    from ..saving.serialization import deserialize_keras_object

    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)

"""``keras.models.clone_model``: the same architecture with new layers (and freshly initialised weights).

A Sequential model is rebuilt from clones of its layers; a functional model by replaying its graph
on new inputs, each layer replaced by its clone (a layer used twice is cloned once, so sharing is
kept); any other model from its config. The clone is compiled like the original when that one
was compiled (with new optimizer state).
"""

from __future__ import annotations

import inspect

from ...framework import nest
from ..api_export import keras_export
from ..graph.function import run_through_graph
from ..graph.keras_tensor import KerasTensor


@keras_export(["keras.models.clone_model"])
def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs):
    """A new model with the architecture of ``model`` and new weights (weights are not copied).

    Args:
        model: a Sequential or functional model (other models are cloned through their config).
        input_tensors: KerasTensors to build the clone on (by default new ``keras.Input``s).
        clone_function: ``fn(layer) -> layer`` used to clone each layer (by default
            ``layer.__class__.from_config(layer.get_config())``).
        call_function: functional models only: ``fn(layer, *args, **kwargs)`` replacing each call.
        recursive: also clone the layers inside nested Sequential/functional models with
            ``clone_function`` (otherwise a nested model is cloned as a whole by ``clone_function``).

    >>> from tensorflux import keras
    >>> from tensorflux.keras.models.cloning import clone_model
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> clone = clone_model(model)
    >>> clone.layers[0] is model.layers[0], clone.output_shape
    (False, (None, 2))
    """
    from .functional import Functional
    from .sequential import Sequential

    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs.keys())}")
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError("`call_function` argument is not supported with Sequential models.  In a Sequential "
                             "model, layers aren't called at model-construction time (they're merely listed). Use "
                             "`call_function` with Functional models only. Received model of type "
                             f"'{model.__class__.__name__}', with call_function={call_function}")
        clone_function = _wrap_clone_function(clone_function, None, recursive, cache)
        return _clone_sequential(model, clone_function, input_tensors)
    if isinstance(model, Functional):
        clone_function = _wrap_clone_function(clone_function, call_function, recursive, cache)
        return _clone_functional(model, clone_function, input_tensors, call_function)
    if clone_function or input_tensors:
        raise ValueError("Arguments `clone_function` and `input_tensors` are only supported for Sequential models or "
                         f"Functional models. Received model of type '{model.__class__.__name__}', with "
                         f"clone_function={clone_function} and input_tensors={input_tensors}")
    if call_function is not None:
        raise ValueError("Argument `call_function` is only supported for Functional models. Received model of type "
                         f"'{model.__class__.__name__}', with call_function={call_function}")
    from ..saving.serialization import deserialize_keras_object, serialize_keras_object

    return deserialize_keras_object(serialize_keras_object(model),
                                    custom_objects={model.__class__.__name__: model.__class__})


def _wrap_clone_function(clone_function, call_function, recursive, cache):
    """Clones each layer once (shared layers stay shared); nested models recursively when asked."""
    from .functional import Functional
    from .sequential import Sequential

    clone_function = clone_function or (lambda layer: layer.__class__.from_config(layer.get_config()))
    if not callable(clone_function):
        raise ValueError(  # noqa: TRY004 - Keras' error classf"Expected `clone_function` argument to be a callable. Received: clone_function="
                         f"{clone_function}")
    cache = {} if cache is None else cache

    def wrapped(layer):
        if id(layer) not in cache:
            if recursive and isinstance(layer, (Sequential, Functional)):
                cache[id(layer)] = clone_model(layer, clone_function=clone_function, call_function=call_function,
                                               recursive=True, cache=cache)
            else:
                cache[id(layer)] = clone_function(layer)
        return cache[id(layer)]

    return wrapped


def _clone_sequential(model, clone_function, input_tensors):
    from ..layers.core.input_layer import Input, InputLayer
    from .sequential import Sequential

    new_layers = [clone_function(layer) for layer in model.layers]
    first = model._layers[0] if model._layers else None
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError("Argument `input_tensors` must contain a single tensor.")
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(f"Argument `input_tensors` must be a KerasTensor. Received invalid value: "
                             f"input_tensors={input_tensors}")
        new_layers = [Input(tensor=input_tensors, name=first.name if isinstance(first, InputLayer) else None),
                      *new_layers]
    elif isinstance(first, InputLayer):
        new_layers = [Input(batch_shape=first.batch_shape, dtype=first.dtype, name=first.name,
                            optional=first.optional), *new_layers]
    clone = Sequential(new_layers, name=model.name, trainable=model.trainable)
    _compile_like(model, clone)
    return clone


def _clone_functional(model, clone_function, input_tensors, call_function):
    from ..layers.core.input_layer import Input
    from .functional import Functional

    if input_tensors is not None:
        if not all(isinstance(x, KerasTensor) for x in nest.flatten(input_tensors)):
            raise ValueError(f"All entries in `input_tensors` must be KerasTensors. Received invalid values: "
                             f"inputs_tensors={input_tensors}")
        try:
            nest.assert_same_structure(input_tensors, model.input)
        except (ValueError, TypeError) as e:
            raise ValueError(f"`input_tensors` must have the same structure as model.input\nReference structure: "
                             f"{model.input}\nReceived structure: {input_tensors}") from e
    else:
        input_tensors = nest.map_structure(lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=_input_name(x)),
                                           model.input)

    def call(operation, args, kwargs):
        layer = clone_function(operation)
        if call_function is not None:
            return call_function(layer, *args, **kwargs)
        return layer(*args, **kwargs)

    outputs = run_through_graph(nest.flatten(input_tensors), model._inputs, model._outputs_struct, model._outputs,
                                model._nodes_by_depth, call)
    if isinstance(model._outputs_struct, (list, tuple)) and not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    cls = model.__class__ if _functional_like_constructor(model.__class__) else Functional
    clone = cls(input_tensors, outputs, name=model.name)
    _compile_like(model, clone)
    return clone


def _input_name(tensor) -> str:
    """The name of the ``InputLayer`` that made ``tensor`` (Keras names the clone's input after it)."""
    history = getattr(tensor, "_keras_history", None)
    return history[0].name if history else tensor.name


def _functional_like_constructor(cls) -> bool:
    from .functional import Functional

    spec = inspect.getfullargspec(cls.__init__)
    return spec.args[1:] == inspect.getfullargspec(Functional.__init__).args[1:] or (
        spec.varargs is not None and spec.varkw is not None)


def _compile_like(model, clone) -> None:
    if getattr(model, "compiled", False):
        clone.compile_from_config(model.get_compile_config())

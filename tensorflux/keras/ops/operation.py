"""``keras_op``: a ``keras.ops`` function called on KerasTensors records one graph node, as in Keras.

``keras.ops.add(x, y)`` on KerasTensors becomes an ``add`` operation of class ``Add`` in the model
graph (its output shape found by tracing the function on the engine's graph); on real tensors
the function simply runs.
"""

from __future__ import annotations

import functools

from ..graph.keras_tensor import any_symbolic
from ..graph.operation import Operation
from ..utils.naming import to_snake_case

_CLASSES: dict[str, type] = {}


class FunctionOperation(Operation):
    """A ``keras.ops`` function applied to KerasTensors (one node of a functional model)."""

    def __init__(self, fn, kwargs):
        super().__init__(name=None)
        self.fn = fn
        self.kwargs = kwargs

    def call(self, *args):
        return self.fn(*args, **self.kwargs)

    def get_config(self) -> dict:
        raise NotImplementedError(f"`keras.ops.{self.fn.__name__}` applied to KerasTensors cannot be serialized; wrap it "
                                  "in a `keras.layers.Lambda` layer to save the model.")


def keras_op(fn):
    """Makes ``fn`` record one node when given KerasTensors (positional tensor arguments only)."""
    class_name = "".join(part.capitalize() for part in fn.__name__.split("_"))

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not any_symbolic(args, kwargs):
            return fn(*args, **kwargs)
        cls = _CLASSES.get(class_name)
        if cls is None:
            cls = _CLASSES[class_name] = type(class_name, (FunctionOperation,), {"__module__": __name__})
        return cls(fn, kwargs)(*args)

    wrapper.keras_op_name = to_snake_case(class_name)
    return wrapper

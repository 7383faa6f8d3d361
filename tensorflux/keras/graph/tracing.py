"""Running a layer's ``call`` symbolically, on the engine's tracer, to learn its output shapes.

Each KerasTensor argument becomes a placeholder of a fresh ``Graph`` (same static shape, ``None``
batch); ``call`` runs with that graph as the default, so every op adds a node whose shape rule
gives its output shape. The outputs' shapes and dtypes become new KerasTensors.
"""

from __future__ import annotations

from ...framework import nest
from ...framework.graph import Graph
from .keras_tensor import KerasTensor


def trace_output_spec(operation, fn, args, kwargs):
    """The KerasTensors ``fn(*args, **kwargs)`` would return, found by tracing it."""
    graph = Graph(f"{operation.name}_trace")

    def placeholder(x):
        if isinstance(x, KerasTensor):
            return graph.placeholder(x.shape, x.dtype, name=x.name)
        return x

    args, kwargs = nest.map_structure(placeholder, (args, kwargs))
    try:
        with graph.as_default():
            outputs = fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001
        cls = operation.__class__.__name__
        message = (f"Could not automatically infer the output shape / dtype of '{operation.name}' (of type {cls}). "
                   f"Either the `{cls}.call()` method is incorrect, or you need to implement the "
                   f"`{cls}.compute_output_spec() / compute_output_shape()` method. Error encountered:\n\n{e}")
        try:
            error = e.__class__(message)
        except TypeError:
            raise e from None
        raise error.with_traceback(e.__traceback__) from None
    return nest.map_structure(_as_keras_tensor, outputs)


def _as_keras_tensor(x):
    if hasattr(x, "_shape_tuple") and hasattr(x, "dtype"):
        return KerasTensor(x._shape_tuple(), x.dtype)
    return x

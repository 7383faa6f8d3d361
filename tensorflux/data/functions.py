"""Calling user functions on elements, and learning what they return without iterating.

A ``map`` (``filter``, ``flat_map``, …) function runs eagerly, once per element, on tensors: any
Python works inside it, ``py_function`` included. Its output spec is found as TF finds it, by
tracing the function once on symbolic inputs (``framework/graph.py``), which gives TF's static
shapes (``None`` where a size depends on the data). A function that cannot be traced (it calls
``.numpy()``, branches on a tensor's value, …) is instead run on the first element of its input
and the result's rank and dtypes kept, with every dimension unknown.
"""

from __future__ import annotations

import numpy as np

from ..framework.graph import Graph
from ..framework.shape import TensorSpec
from ..framework.tensor import TensorOperators, to_array
from . import structure


def call(func, element):
    """``func`` applied to an element's tensors: a plain tuple is spread over the arguments."""
    args = structure.to_tensors(element)
    return func(*args) if type(args) is tuple else func(args)


def apply(func, element):
    """``func``'s result on an element, converted back to an element."""
    return structure.normalize(call(func, element), list_is_tuple=True)


def output_spec(func, dataset):
    """The spec of what ``func`` returns for the elements of ``dataset``."""
    spec = trace(func, dataset.element_spec)
    return spec if spec is not None else peek(func, dataset)


def trace(func, input_spec):
    """The output spec from a symbolic trace of ``func``, or None when it cannot be traced."""
    leaves = structure.flatten(input_spec)
    if not all(isinstance(s, TensorSpec) and s.shape.rank is not None for s in leaves):
        return None
    graph = Graph("dataset_function")
    try:
        with graph.as_default():
            args = structure.map_leaves(lambda s: graph.placeholder(s.shape, s.dtype), input_spec)
            out = func(*args) if type(args) is tuple else func(args)
            if type(out) is list:
                out = tuple(out)
            return structure.map_leaves(_symbolic_leaf_spec, out)
    except Exception:  # noqa: BLE001 - any failure means "run it eagerly instead"
        return None


def _symbolic_leaf_spec(leaf):
    if isinstance(leaf, TensorOperators):  # symbolic, eager or a variable: all know their spec
        return TensorSpec(leaf.shape, leaf.dtype)
    if leaf is None or hasattr(leaf, "_iterate"):
        raise TypeError("not traceable")  # datasets built from symbolic values need a real run
    return structure.leaf_spec(np.asarray(to_array(leaf)))


def peek(func, dataset):
    """The output spec from running ``func`` on the first element (rank and dtypes kept)."""
    iterator = dataset._iterate()
    try:
        element = next(iterator, None)
    finally:
        iterator.close()
    if element is None:  # an empty input: nothing will ever flow, any spec is vacuously right
        return TensorSpec(None)
    return structure.relax(structure.spec_of(apply(func, element)))

"""``Node``: one call of an operation (a layer) on symbolic inputs — an edge set of the model graph.

Each output KerasTensor carries a ``KerasHistory`` (operation, node index, tensor index) that
points back at the node that made it; walking these back from a model's outputs finds its graph.
"""

from __future__ import annotations

import collections

from ...framework import nest
from .keras_tensor import KerasTensor


class KerasHistory(collections.namedtuple("KerasHistory", ["operation", "node_index", "tensor_index"])):
    """Which call of which operation produced a KerasTensor."""

    __slots__ = ()


class SymbolicArguments:
    """The arguments of a call, with the KerasTensors among them found once."""

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.keras_tensors = [x for x in nest.flatten((args, kwargs)) if isinstance(x, KerasTensor)]

    def fill_in(self, tensor_dict):
        """``(args, kwargs)`` with each KerasTensor replaced by ``tensor_dict[id(tensor)]``."""
        if len(self.keras_tensors) == 1 and len(self.args) == 1 and self.args[0] is self.keras_tensors[0] \
                and not self.kwargs:
            return (tensor_dict[id(self.args[0])],), {}

        def swap(x):
            return tensor_dict.get(id(x)) if isinstance(x, KerasTensor) else x

        return nest.map_structure(swap, self.args), nest.map_structure(swap, self.kwargs)


class Node:
    """A call event: ``operation``, its arguments, and the output KerasTensors."""

    def __init__(self, operation, call_args=None, call_kwargs=None, outputs=None):
        self.operation = operation
        self.arguments = SymbolicArguments(*(call_args or ()), **(call_kwargs or {}))
        self.outputs = [] if outputs is None else nest.flatten(outputs)
        for x in self.outputs:
            if not isinstance(x, KerasTensor):
                raise ValueError(f"All operation outputs must be tensors. Operation {operation} returned a "  # noqa: TRY004
                                 f"non-tensor. Non-tensor received: {x}")
        record = all(x.record_history for x in self.arguments.keras_tensors)
        if record:
            for tensor in self.arguments.keras_tensors:
                if tensor._keras_history is None:
                    tensor._keras_history = KerasHistory(None, 0, 0)
        operation._inbound_nodes.append(self)
        for kt in self.arguments.keras_tensors:
            inbound = kt._keras_history.operation if kt._keras_history else None
            if inbound is not None:
                inbound._outbound_nodes.append(self)
        if record:
            node_index = len(operation._inbound_nodes) - 1
            for i, tensor in enumerate(self.outputs):
                tensor._keras_history = KerasHistory(operation, node_index, i)
        self.is_input = not self.arguments.keras_tensors

    def __repr__(self) -> str:
        return f"<Node operation={self.operation.name}, id={id(self)}>"

    @property
    def input_tensors(self) -> list:
        return self.arguments.keras_tensors

    @property
    def output_tensors(self) -> list:
        return self.outputs

    @property
    def parent_nodes(self) -> list:
        """The nodes whose outputs this node consumes."""
        parents = []
        for kt in self.arguments.keras_tensors:
            op, index, _ = kt._keras_history
            if op is not None:
                parents.append(op._inbound_nodes[index])
        return parents

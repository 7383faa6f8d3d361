"""``Operation``: something that can be called on KerasTensors to add a node to a model graph.

``Layer`` is an Operation with state. ``PrimitiveOperation`` wraps one tf primitive called on
KerasTensors (``x + 1``, ``tf.nn.relu(x)``), so plain tf code works inside functional models.
"""

from __future__ import annotations

from ..api_export import keras_export
from ..utils.naming import auto_name
from .keras_tensor import KerasTensor, any_symbolic
from .node import Node


@keras_export("keras.Operation")
class Operation:
    """A named callable recorded as graph nodes when called on KerasTensors."""

    def __init__(self, name=None):
        if name is None:
            name = auto_name(self.__class__.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name} (of type {type(name)})")
        self.name = name
        self._inbound_nodes = []
        self._outbound_nodes = []

    def __call__(self, *args, **kwargs):
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError

    def compute_output_spec(self, *args, **kwargs):
        from .tracing import trace_output_spec

        return trace_output_spec(self, self.call, args, kwargs)

    @property
    def input(self):
        """The input tensor(s) of the first call on KerasTensors."""
        return self._node_attribute(0, "input_tensors", "input")

    @property
    def output(self):
        """The output tensor(s) of the first call on KerasTensors."""
        return self._node_attribute(0, "output_tensors", "output")

    def _node_attribute(self, node_index, attr, attr_name):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer {self.name} has never been called and thus has no defined {attr_name}.")
        if len(self._inbound_nodes) <= node_index:
            raise ValueError(f"Asked to get {attr_name} at node {node_index}, but the operation has only "
                             f"{len(self._inbound_nodes)} inbound nodes.")
        values = getattr(self._inbound_nodes[node_index], attr)
        return values[0] if isinstance(values, list) and len(values) == 1 else values

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<Operation name={self.name}>"


# Keras' class names for the operations its ``keras.ops`` functions create (what summaries print).
_KERAS_OP_NAMES = {
    "AddV2": "Add", "Sub": "Subtract", "Mul": "Multiply", "RealDiv": "TrueDivide", "FloorDiv": "FloorDivide",
    "FloorMod": "Mod", "Pow": "Power", "MatMul": "Matmul", "BatchMatMulV2": "Matmul", "Neg": "Negative",
    "Abs": "Absolute", "Less": "Less", "LessEqual": "LessEqual", "Greater": "Greater",
    "GreaterEqual": "GreaterEqual", "Equal": "Equal", "NotEqual": "NotEqual", "StridedSlice": "GetItem",
    "Relu": "Relu", "Sigmoid": "Sigmoid", "Tanh": "Tanh", "Exp": "Exp", "Log": "Log", "Sqrt": "Sqrt",
    "Square": "Square", "Reshape": "Reshape", "Transpose": "Transpose", "ConcatV2": "Concatenate",
    "Cast": "Cast", "Sum": "Sum", "Mean": "Mean", "Max": "Max", "Min": "Min", "Softmax": "Softmax",
    "ExpandDims": "ExpandDims", "Squeeze": "Squeeze", "Maximum": "Maximum", "Minimum": "Minimum",
}


class PrimitiveOperation(Operation):
    """One tf primitive called on KerasTensors: ``x * 2`` in a functional model is a ``multiply`` node."""

    def __init__(self, prim, attrs):
        super().__init__()
        self.prim = prim
        self.attrs = attrs

    def call(self, *inputs):
        from ...framework.primitive import as_input

        return self.prim(*[as_input(x) for x in inputs], **self.attrs)

    def compute_output_spec(self, *inputs):
        spec = self.prim.infer(*inputs, **self.attrs)
        if isinstance(spec, list):
            return tuple(KerasTensor(shape, dtype) for shape, dtype in spec)
        shape, dtype = spec
        return KerasTensor(shape, dtype)

    def get_config(self) -> dict:
        raise NotImplementedError(f"The tf op '{self.prim.name}' applied to KerasTensors cannot be serialized; wrap "
                                  "it in a `keras.layers.Lambda` layer to save the model.")


_CLASSES: dict[str, type] = {}


def primitive_operation(prim, attrs) -> PrimitiveOperation:
    """The operation for a primitive, of a class named as Keras names it (``Multiply`` for ``Mul``)."""
    class_name = _KERAS_OP_NAMES.get(prim.name, prim.name)
    cls = _CLASSES.get(class_name)
    if cls is None:
        cls = _CLASSES[class_name] = type(class_name, (PrimitiveOperation,), {"__module__": __name__})
    return cls(prim, attrs)

"""Symbolic tensors and graphs: the one tracer behind ``tf.function`` and Keras' functional API.

While a graph is being built (``with graph.as_default()``), or whenever an op receives a
symbolic tensor, the dispatcher adds a node here instead of computing: each primitive's
``infer`` rule gives the node's static output shapes (``None`` for unknown dimensions) and
dtypes. ``Graph.run`` evaluates the nodes in order with the same ``forward`` kernels.
"""

from __future__ import annotations

import contextlib
import re

from . import dtypes
from .errors import InvalidArgumentError
from .module import scoped
from .primitive import NOT_DIFFERENTIABLE, STATE, Primitive
from .shape import TensorShape
from .tensor import Tensor, graph_mode_bool_error


class SymbolicTensor(Tensor):
    """An output of a graph node: a static shape and dtype, no value.

    >>> g = Graph()
    >>> print(g.placeholder((None, 3), dtypes.float32, name="x"))
    Tensor("x:0", shape=(None, 3), dtype=float32)
    """

    __slots__ = ("_shape", "_dtype", "op", "value_index")

    def __init__(self, op, value_index, shape, dtype):
        self._value = None
        self.op = op
        self.value_index = value_index
        self._shape = tuple(shape)
        self._dtype = dtypes.as_dtype(dtype)

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._shape)

    def _shape_tuple(self):
        return self._shape

    def set_shape(self, shape) -> None:
        """Refines the static shape with what the caller knows (TF's rule: it must be compatible)."""
        super().set_shape(shape)
        if TensorShape(shape).rank is not None:
            self._shape = tuple(self.shape.merge_with(shape).as_list())

    @property
    def ndim(self) -> int:
        return len(self._shape)

    @property
    def graph(self) -> Graph:
        return self.op.graph

    @property
    def name(self) -> str:
        return f"{self.op.name}:{self.value_index}"

    @property
    def device(self) -> str:
        return ""

    def numpy(self):
        raise AttributeError(f"'{type(self).__name__}' object has no attribute 'numpy': a symbolic tensor "
                             f"({self.name}) has no value while its graph is being built")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array. This error may indicate that "
            "you're trying to pass a Tensor to a NumPy call, which is not supported.")

    def __bool__(self):
        raise graph_mode_bool_error("Using a symbolic `tf.Tensor` as a Python `bool`")

    def __iter__(self):
        raise graph_mode_bool_error("Iterating over a symbolic `tf.Tensor`")

    def __len__(self):
        raise TypeError(f"len is not well defined for a symbolic Tensor ({self.name}). Please call "
                        "`x.shape` rather than `len(x)` for shape information.")

    def __float__(self):  # TF's symbolic tensors have no __float__: Python's own message
        raise TypeError(f"float() argument must be a string or a real number, not '{type(self).__name__}'")

    def __int__(self):
        raise TypeError(f"int() argument must be a string, a bytes-like object or a real number, not "
                        f"'{type(self).__name__}'")

    def __index__(self):
        raise TypeError(f"A symbolic tensor ({self.name}) has no value to use as an index.")

    def __complex__(self):
        raise TypeError(f"complex() first argument must be a string or a number, not '{type(self).__name__}'")

    def __hash__(self):
        """By identity in a plain graph (``feed_dict`` keys), unhashable in a function's graph, as in TF."""
        if getattr(self.graph, "building_function", False):
            raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")
        return id(self)

    def __format__(self, spec):
        return format(str(self), spec)

    def __reduce__(self):
        raise TypeError("Symbolic tensors cannot be pickled.")

    def __repr__(self) -> str:
        return f"<tf.Tensor '{self.name}' shape={self.shape} dtype={self._dtype.name}>"

    def __str__(self) -> str:
        return f'Tensor("{self.name}", shape={self.shape}, dtype={self._dtype.name})'


class Operation:
    """A graph node: ``name``, ``type`` (the primitive's op name), ``inputs``, ``outputs``, attrs."""

    __slots__ = ("graph", "name", "prim", "inputs", "outputs", "attrs", "__weakref__")

    def __init__(self, graph, name, prim, inputs, attrs):
        self.graph, self.name, self.prim, self.inputs, self.attrs = graph, name, prim, tuple(inputs), attrs
        self.outputs = ()

    @property
    def type(self) -> str:
        return self.prim.name

    def get_attr(self, name):
        return self.attrs[name]

    def __repr__(self) -> str:
        ins = ", ".join(t.name for t in self.inputs)
        return f"<tf.Operation '{self.name}' type={self.type} inputs=[{ins}]>"


def _no_forward(**attrs):
    raise InvalidArgumentError("You must feed a value for placeholder tensor")


PLACEHOLDER = Primitive("Placeholder", _no_forward, None, NOT_DIFFERENTIABLE)
CONST = Primitive("Const", lambda *, value: value, None, NOT_DIFFERENTIABLE)
READ_NODE = Primitive("ReadVariableOp", lambda *, variable: variable._value, None, NOT_DIFFERENTIABLE)


class Graph:
    """A data-flow graph of operations, built by calling ops on symbolic tensors.

    >>> import tensorflux as tf
    >>> g = Graph()
    >>> with g.as_default():
    ...     x = g.placeholder((None, 3), tf.float32, name="x")
    ...     y = x + 1.0
    >>> print(y)
    Tensor("add:0", shape=(None, 3), dtype=float32)
    >>> g.run(y, {x: [[1.0, 2.0, 3.0]]})
    array([[2., 3., 4.]], dtype=float32)
    """

    building_function = False  # a tf.function's graph sets this: its tensors are then unhashable, as in TF

    def __init__(self, name: str = "graph"):
        self.name = name
        self._operations: list[Operation] = []
        self._by_name: dict[str, Operation] = {}
        self._name_counts: dict[str, int] = {}
        self._captures: dict[int, tuple] = {}  # id(outside tensor) → (tensor, inside tensor)

    # --- building -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def as_default(self):
        """Ops called in this context add nodes to this graph (eager values are captured)."""
        STATE.graphs.append(self)
        STATE.refresh()
        try:
            yield self
        finally:
            STATE.graphs.pop()
            STATE.refresh()

    def unique_name(self, base: str) -> str:
        """TF's naming (``Graph.unique_name``): ``add``, ``add_1``, … compared case-insensitively,
        so that ``tf.add`` after ``a + b`` is ``Add_1``."""
        key = base.lower()
        count = self._name_counts.get(key, 0)
        self._name_counts[key] = count + 1
        if count == 0:
            return base
        candidate = key
        while candidate in self._name_counts:
            candidate = f"{key}_{count}"
            count += 1
        self._name_counts[candidate] = 1
        return f"{base}_{count - 1}"

    def _add(self, prim, inputs, attrs, name, specs, unique=None) -> Operation:
        op = Operation(self, unique or self.unique_name(scoped(name or prim.graph_name)), prim, inputs, attrs)
        op.outputs = tuple(SymbolicTensor(op, i, shape, dtype) for i, (shape, dtype) in enumerate(specs))
        self._operations.append(op)
        self._by_name[op.name] = op
        return op

    def add_operation(self, prim, inputs, attrs, name=None):
        """Adds a node for ``prim``; returns its output tensor (or a tuple of them).

        The node's name is taken before its shapes are inferred, so that a node that fails still
        uses up its name, as in TF; a shape error is TF's ``ValueError`` naming the node.
        """
        inputs = [self.capture(x) for x in inputs]
        unique = self.unique_name(scoped(name or prim.graph_name))
        try:
            spec = prim.infer(*inputs, **attrs)
        except (InvalidArgumentError, ValueError, IndexError) as e:
            raise ValueError(_build_error(e, unique, prim, inputs)) from None
        multi = isinstance(spec, list)
        op = self._add(prim, inputs, attrs, name, spec if multi else [spec], unique)
        return op.outputs if multi else op.outputs[0]

    def placeholder(self, shape, dtype=dtypes.float32, name=None) -> SymbolicTensor:
        """An input of the graph, fed when it runs."""
        shape = TensorShape(shape)
        dims = shape._dims if shape._dims is not None else ()
        return self._add(PLACEHOLDER, (), {}, name or "Placeholder", [(dims, dtypes.as_dtype(dtype))]).outputs[0]

    def constant(self, array, name=None) -> SymbolicTensor:
        return self._add(CONST, (), {"value": array}, name or "Const",
                         [(array.shape, dtypes.from_numpy(array.dtype) if array.dtype.kind != "O" else dtypes.string)]
                         ).outputs[0]

    def capture(self, x):
        """An input from outside the graph: an eager tensor becomes a constant node."""
        if isinstance(x, SymbolicTensor):
            if x.op.graph is self:
                return x
            key = id(x)
            if key not in self._captures:
                self._captures[key] = (x, self.placeholder(x._shape_tuple(), x.dtype, name="capture"))
            return self._captures[key][1]
        if x._is_variable:
            return self.capture_variable(x)
        key = id(x)
        if key not in self._captures:
            self._captures[key] = (x, self.constant(x._value))
        return self._captures[key][1]

    def capture_variable(self, var) -> SymbolicTensor:
        """A read of a variable's value when the graph runs (a node per read keeps their order)."""
        var = var._variable
        return self._add(READ_NODE, (), {"variable": var}, "ReadVariableOp",
                         [(tuple(var.shape.as_list()) if var.shape.rank is not None else (), var.dtype)]).outputs[0]

    @property
    def captures(self) -> list:
        """``(outside, inside)`` pairs of the values captured from outside the graph."""
        return list(self._captures.values())

    # --- inspecting -----------------------------------------------------------------------------

    def get_operations(self) -> list[Operation]:
        return list(self._operations)

    def get_operation_by_name(self, name: str) -> Operation:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"The name '{name}' refers to an Operation not in the graph.") from None

    def get_tensor_by_name(self, name: str) -> SymbolicTensor:
        op_name, _, index = name.partition(":")
        return self.get_operation_by_name(op_name).outputs[int(index or 0)]

    # --- running --------------------------------------------------------------------------------

    def run(self, fetches, feed_dict=None):
        """Evaluates ``fetches`` (a tensor or list of them) given values for placeholders."""
        from .tensor import to_array

        single = isinstance(fetches, SymbolicTensor)
        wanted = [fetches] if single else list(fetches)
        values: dict[int, object] = {}
        for t, v in (feed_dict or {}).items():
            values[id(t)] = to_array(v._value if isinstance(v, Tensor) else v, t.dtype)
        for op in self._ops_needed(wanted, values):
            if op.prim is PLACEHOLDER:
                raise InvalidArgumentError(f"You must feed a value for placeholder tensor '{op.name}' with "
                                           f"dtype {op.outputs[0].dtype.name}")
            out = op.prim.forward(*[values[id(x)] for x in op.inputs], **op.attrs)
            for t, v in zip(op.outputs, out if len(op.outputs) > 1 else (out,)):
                values[id(t)] = v
        results = [values[id(t)] for t in wanted]
        return results[0] if single else results

    def _ops_needed(self, wanted, known):
        needed, stack = set(), [t.op for t in wanted if id(t) not in known]
        while stack:
            op = stack.pop()
            if id(op) in needed:
                continue
            needed.add(id(op))
            stack.extend(x.op for x in op.inputs if id(x) not in known)
        return [op for op in self._operations if id(op) in needed]


def _build_error(error, node_name, prim, inputs) -> str:
    """TF's text for an op that cannot be built: what failed, the node, its inputs' shapes."""
    text = re.sub(r" \[Op:[^\]]*\]$", "", str(error))
    if "{{node " in text:  # already described (a node of an inner graph)
        return text
    attr = f"[T=DT_{dtypes.c_name(inputs[0].dtype).upper()}]" if inputs else ""
    names = ", ".join(x.name[:-2] if x.name.endswith(":0") else x.name for x in inputs)
    shapes = ", ".join(_shape_text(x._shape_tuple()) for x in inputs)
    return f"{text} for '{{{{node {node_name}}}}} = {prim.name}{attr}({names})' with input shapes: {shapes}."


def _shape_text(shape) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"

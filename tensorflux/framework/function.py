"""``tf.function``: trace a Python function into a graph once per input signature, then run the graph.

Tracing calls the Python function with symbolic placeholders while a ``FuncGraph`` is the default
graph, so every op adds a node (Python side effects happen then, once). Traces are cached by a key
built as TF builds it: tensors and NumPy arrays by shape and dtype, Python scalars by value, lists
and tuples by type and contents. A call runs the graph's execution plan; when a tape is recording,
the plan is replayed op by op through the dispatcher so that the tape sees every primitive.
"""

from __future__ import annotations

import functools
import inspect
import logging
import weakref

import numpy as np

from . import dtypes, nest
from .graph import CONST, READ_NODE, Graph, SymbolicTensor
from .primitive import STATE, constant, read_variable
from .shape import TensorShape, TensorSpec
from .tensor import EagerTensor, TensorOperators

_RUN_EAGERLY = [False]


def run_functions_eagerly(run_eagerly: bool) -> None:
    """Makes every ``tf.function`` call its Python function directly (for debugging)."""
    _RUN_EAGERLY[0] = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return _RUN_EAGERLY[0]


class FuncGraph(Graph):
    """The graph of one trace: its inputs, its structured outputs, and whether it may create variables.

    A graph traced inside another (a branch of ``tf.cond``) reads variables through its outer graph,
    so that the read is an explicit input of the branch node and gradients reach the variable.
    """

    building_function = True  # its tensors are unhashable, as in a TF function graph

    def __init__(self, name, allow_variable_creation=True, outer=None):
        super().__init__(name)
        self.inputs: list[SymbolicTensor] = []
        self.structured_outputs = None
        self.allow_variable_creation = allow_variable_creation
        self.outer = outer

    def capture_variable(self, var):
        if self.outer is None:
            return super().capture_variable(var)
        outer_read = self.outer.capture_variable(var)
        for tape in STATE.tapes:  # the read the tape must link to the variable is the outer one
            tape.record_read(var, outer_read)
        return self.capture(outer_read)


# ---------------------------------------------------------------------------------------------
# The cache key of a call.

class _Signature:
    """How a call's arguments are keyed, and which of them become graph inputs."""

    def __init__(self, relax_shapes=False):
        self.relax = relax_shapes

    def key(self, value):
        """A hashable key; tensors contribute (shape, dtype), Python values themselves."""
        if isinstance(value, TensorSpec):
            return ("T", tuple(value.shape.as_list()) if value.shape.rank is not None else None, value.dtype.name)
        if isinstance(value, TensorOperators):
            if value._is_variable:
                return ("V", id(value._variable))
            return ("T", tuple(value._shape_tuple()), value.dtype.name)
        if isinstance(value, (np.ndarray, np.generic)):
            return ("T", tuple(np.shape(value)), dtypes.as_dtype(value.dtype).name)
        if isinstance(value, (list, tuple)):
            return (type(value).__name__,) + tuple(self.key(v) for v in value)
        if isinstance(value, dict):
            return ("dict",) + tuple((k, self.key(value[k])) for k in sorted(value, key=str))
        try:
            hash(value)
        except TypeError:
            return ("id", id(value))
        return ("P", type(value).__name__, value)


def _is_graph_input(value) -> bool:
    return isinstance(value, (TensorSpec, np.ndarray, np.generic)) or (
        isinstance(value, TensorOperators) and not value._is_variable)


def _relaxed(a, b):
    """The most specific key that covers both (unknown dimensions where tensor shapes differ)."""
    if a == b:
        return a
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
        return None
    if a[:1] == ("T",) and b[:1] == ("T",):
        if a[2] != b[2] or a[1] is None or b[1] is None or len(a[1]) != len(b[1]):
            return None
        return ("T", tuple(x if x == y else None for x, y in zip(a[1], b[1])), a[2])
    parts = [_relaxed(x, y) for x, y in zip(a, b)]
    return None if any(p is None for p in parts) else tuple(parts)


def _covers(general, specific) -> bool:
    if general == specific:
        return True
    if isinstance(general, tuple) and isinstance(specific, tuple) and len(general) == len(specific):
        if general[:1] == ("T",) and specific[:1] == ("T",):
            return general[2] == specific[2] and (general[1] is None or (
                specific[1] is not None and len(general[1]) == len(specific[1])
                and all(g is None or g == s for g, s in zip(general[1], specific[1]))))
        return all(_covers(g, s) for g, s in zip(general, specific))
    return False


# ---------------------------------------------------------------------------------------------
# Running a graph.

class ConcreteFunction:
    """One trace of a ``tf.function``: a graph with inputs and outputs, callable on tensors."""

    def __init__(self, graph: FuncGraph, name: str):
        self.graph = graph
        self.name = name
        self._plan = None  # the optimised plan of raw kernel calls (framework/passes.py)
        self._ops = None  # the graph's needed ops, for replaying through the dispatcher

    @property
    def inputs(self) -> list:
        return list(self.graph.inputs)

    @property
    def outputs(self) -> list:
        return [t for t in nest.flatten(self.graph.structured_outputs) if isinstance(t, SymbolicTensor)]

    @property
    def structured_outputs(self):
        return self.graph.structured_outputs

    @property
    def structured_input_signature(self):
        return tuple(TensorSpec(t._shape_tuple(), t.dtype, t.op.name) for t in self.graph.inputs)

    def __call__(self, *args):
        flat = [a for a in nest.flatten(list(args)) if _is_graph_input(a)]
        return self.call_flat(flat)

    def call_flat(self, values):
        """Runs the graph on one value per graph input; returns the structured outputs."""
        if len(values) != len(self.graph.inputs):
            raise TypeError(f"{self.name} expects {len(self.graph.inputs)} tensor arguments, got {len(values)}")
        if STATE.tapes or STATE.graphs:
            env = self._replay(values)
            flat = iter([env[id(t)] for t in self.outputs])
        else:
            flat = iter([EagerTensor(v) for v in self.run_arrays(values)])
        return nest.map_structure(lambda t: next(flat) if isinstance(t, SymbolicTensor) else t,
                                  self.graph.structured_outputs)

    def run_arrays(self, values) -> list:
        """Raw arrays in, raw arrays out: the optimised plan, with one kernel call per step."""
        if self._plan is None:
            from .passes import compile_graph

            self._plan = compile_graph(self.graph, self.graph.inputs, self.outputs)
        arrays = []
        for t, v in zip(self.graph.inputs, values):
            if isinstance(v, TensorOperators):
                v = v._value
            if getattr(v, "dtype", None) != t.dtype.numpy_dtype:
                v = np.asarray(v, t.dtype.numpy_dtype)
            arrays.append(v)
        return self._plan.run(arrays)

    def _needed_ops(self):
        if self._ops is None:
            needed, stack = set(), [t.op for t in self.outputs]
            stack += [op for op in self.graph.get_operations() if op.prim.stateful]
            while stack:
                op = stack.pop()
                if id(op) not in needed:
                    needed.add(id(op))
                    stack.extend(x.op for x in op.inputs)
            self._ops = [op for op in self.graph.get_operations() if id(op) in needed and op.type != "Placeholder"]
        return self._ops

    def _replay(self, values):
        """Runs every op through the dispatcher, so that tapes (or an outer trace) record it."""
        env = {}
        for t, v in zip(self.graph.inputs, values):
            env[id(t)] = v if isinstance(v, TensorOperators) else constant(np.asarray(v, t.dtype.numpy_dtype))
        for op in self._needed_ops():
            if op.prim is READ_NODE:
                outs = read_variable(op.attrs["variable"])
            elif op.prim is CONST:
                outs = constant(op.attrs["value"])
            elif op.prim.replay is not None:  # e.g. a while loop, unrolled so the tape sees each step
                outs = op.prim.replay(*[env[id(x)] for x in op.inputs], **op.attrs)
            else:
                outs = op.prim(*[env[id(x)] for x in op.inputs], **op.attrs)
            for t, v in zip(op.outputs, outs if isinstance(outs, tuple) else (outs,)):
                env[id(t)] = v
        return env

    def get_operations(self):
        return self.graph.get_operations()

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.name} at 0x{id(self):X}>"


# ---------------------------------------------------------------------------------------------
# The polymorphic function.

class _RetracingDetector:
    """TF's rule for warning about frequent retracing (5 of the last ≤10 calls, at most twice)."""

    def __init__(self):
        self.calls_per_tracing = []
        self.call_count = 0
        self.warnings = 0

    def called_with_tracing(self, function):
        self.call_count += 1
        self.calls_per_tracing.append(1)
        while self.calls_per_tracing and self.call_count - self.calls_per_tracing[0] > 10:
            self.call_count -= self.calls_per_tracing.pop(0)
        if self.warnings >= 2 or len(self.calls_per_tracing) < 5:
            return
        self.warnings += 1
        logging.getLogger("tensorflow").warning(
            "{} out of the last {} calls to {} triggered tf.function retracing. Tracing is expensive and the "
            "excessive number of tracings could be due to (1) creating @tf.function repeatedly in a loop, (2) passing "
            "tensors with different shapes, (3) passing Python objects instead of tensors. For (1), please define "
            "your @tf.function outside of the loop. For (2), @tf.function has reduce_retracing=True option that can "
            "avoid unnecessary retracing. For (3), please refer to "
            "https://www.tensorflow.org/guide/function#controlling_retracing and "
            "https://www.tensorflow.org/api_docs/python/tf/function for  more details.".format(
                len(self.calls_per_tracing), self.call_count, function))

    def called_without_tracing(self):
        if not self.calls_per_tracing:
            self.calls_per_tracing = [0]
        self.calls_per_tracing[-1] += 1
        self.call_count += 1


_DETECTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _detector_for(python_function) -> _RetracingDetector:
    target = python_function
    while hasattr(target, "__wrapped__"):
        target = target.__wrapped__
    target = getattr(target, "__func__", target)
    key = getattr(target, "__code__", target)
    try:
        return _DETECTORS.setdefault(key, _RetracingDetector())
    except TypeError:
        return _RetracingDetector()


class Function:
    """A Python function compiled to graphs on demand, as ``tf.function``.

    >>> import tensorflux as tf
    >>> @tf.function
    ... def f(x):
    ...     return x * x + 1.0
    >>> float(f(tf.constant(2.0)))
    5.0
    """

    def __init__(self, python_function, input_signature=None, reduce_retracing=False, jit_compile=None,
                 autograph=True, name=None):
        self._python_function = python_function
        self._input_signature = None if input_signature is None else tuple(input_signature)
        self._reduce_retracing = bool(reduce_retracing)
        self._jit_compile = jit_compile
        self._name = name or getattr(python_function, "__name__", "function")
        self._signature = inspect.signature(python_function)
        params = self._signature.parameters.values()
        # calls that give every parameter positionally need no Signature.bind (15 µs of each fit step)
        self._plain_arity = len(params) if all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty for p in params) else -1
        self._concrete: dict = {}  # key → ConcreteFunction
        self._resolved: dict = {}  # key → the ConcreteFunction of the relaxed trace that covers it
        self._keys: list = []
        self._tracing_count = 0
        self._detector = _detector_for(python_function)
        self._bound = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, python_function)

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return self._input_signature

    @property
    def function_spec(self):
        return self._signature

    def __get__(self, instance, owner):
        """As a method: one Function per instance, bound to it (as TF does)."""
        if instance is None:
            return self
        bound = self._bound.get(instance)
        if bound is None:
            bound = Function(self._python_function.__get__(instance, owner), self._input_signature,
                             self._reduce_retracing, self._jit_compile, name=self._name)
            self._bound[instance] = bound
        return bound

    def experimental_get_tracing_count(self) -> int:
        return self._tracing_count

    def __call__(self, *args, **kwargs):
        if _RUN_EAGERLY[0]:
            return self._python_function(*args, **kwargs)
        concrete, flat = self._concrete_for(args, kwargs, count_call=True)
        return concrete.call_flat(flat)

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        """The trace for these arguments (``tf.TensorSpec`` stands for any tensor of that spec)."""
        if not args and not kwargs and self._input_signature is not None:
            args = self._input_signature
        return self._concrete_for(args, kwargs, count_call=False)[0]

    def _canonical(self, args, kwargs):
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return bound

    def _concrete_for(self, args, kwargs, count_call):
        if self._input_signature is not None:
            args, kwargs = self._check_signature(args, kwargs), {}
        if not kwargs and len(args) == self._plain_arity:
            bound, values = None, list(args)
        else:
            bound = self._canonical(args, kwargs)
            values = list(bound.arguments.values())
        signature = _Signature()
        keyed = values if self._input_signature is None else list(self._input_signature) + values[
            len(self._input_signature):]
        key = tuple(signature.key(v) for v in keyed)
        flat = [v for v in nest.flatten(values) if _is_graph_input(v)]
        concrete = self._concrete.get(key) or self._resolved.get(key)
        if concrete is None:
            for known in self._keys:  # a relaxed trace may already cover this call
                if _covers(known, key):
                    concrete = self._resolved[key] = self._concrete[known]
                    break
        if concrete is not None:
            if count_call:
                self._detector.called_without_tracing()
            return concrete, flat
        if self._reduce_retracing and self._keys:
            for known in self._keys:
                key = _relaxed(known, key) or key
        concrete = self._trace(bound or self._canonical(args, kwargs), key)
        self._concrete[key] = concrete
        self._keys.append(key)
        if count_call:
            self._detector.called_with_tracing(self._python_function)
        return concrete, flat

    def _check_signature(self, args, kwargs):
        params = list(self._signature.parameters)
        given = list(args) + [kwargs[p] for p in params[len(args):] if p in kwargs]
        if len(given) != len(self._input_signature):
            raise TypeError(f"{self._name}() takes {len(self._input_signature)} arguments as given by its "
                            f"input_signature, got {len(given)}")
        for value, spec in zip(given, self._input_signature):
            for leaf, leaf_spec in zip(nest.flatten(value), nest.flatten(spec)):
                if isinstance(leaf, TensorSpec):
                    continue
                shape = tuple(np.shape(leaf)) if not hasattr(leaf, "_shape_tuple") else leaf._shape_tuple()
                if not leaf_spec.shape.is_compatible_with(shape):
                    raise ValueError(f"Python inputs incompatible with input_signature:\n  inputs: ({leaf!r})\n"
                                     f"  input_signature: ({leaf_spec!r}).")
        return tuple(_conform(v, s) for v, s in zip(given, self._input_signature))

    def _trace(self, bound, key) -> ConcreteFunction:
        graph = FuncGraph(self._name, allow_variable_creation=self._tracing_count == 0)
        key_iter = iter(key)
        with graph.as_default():
            placeholders = {}
            for (name, value), k in zip(bound.arguments.items(), key_iter):
                placeholders[name] = _placeholders_for(graph, value, k, name)
            call = self._signature.bind(**{n: placeholders[n] for n in bound.arguments}) if not any(
                p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in self._signature.parameters.values()) else None
            if call is not None:
                outputs = self._python_function(*call.args, **call.kwargs)
            else:
                args, kwargs = _rebind(self._signature, placeholders)
                outputs = self._python_function(*args, **kwargs)
            graph.structured_outputs = nest.map_structure(lambda o: _as_graph_output(graph, o), outputs)
        self._tracing_count += 1
        return ConcreteFunction(graph, self._name)

    def __repr__(self) -> str:
        return f"<tensorflux.Function {self._name}>"


def _conform(value, spec):
    """A call argument checked against its ``input_signature`` entry (tensors convert to its dtype)."""
    if isinstance(spec, TensorSpec) and not isinstance(value, (TensorSpec, TensorOperators)):
        from .primitive import convert_to_tensor

        return convert_to_tensor(value, dtype=spec.dtype)
    if isinstance(spec, TensorSpec) and isinstance(value, TensorOperators) and value.dtype is not spec.dtype:
        raise TypeError(f"Tensor dtype {value.dtype.name} does not match input_signature dtype {spec.dtype.name}")
    return spec if isinstance(value, TensorSpec) else value


def _placeholders_for(graph: FuncGraph, value, key, name):
    """The traced stand-in of an argument: placeholders for its tensors, Python values as they are."""
    if isinstance(value, (list, tuple)):
        items = [_placeholders_for(graph, v, k, f"{name}_{i}") for i, (v, k) in enumerate(zip(value, key[1:]))]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        keyed = dict(key[1:])
        return type(value)((k, _placeholders_for(graph, value[k], keyed[k], f"{name}_{k}")) for k in value)
    if _is_graph_input(value):
        shape = key[1] if key[1] is not None else None
        ph = graph.placeholder(TensorShape(shape), dtypes.as_dtype(key[2]), name=name)
        graph.inputs.append(ph)
        return ph
    return value


def _rebind(signature, placeholders):
    args, kwargs = [], {}
    for name, p in signature.parameters.items():
        if name not in placeholders:
            continue
        if p.kind is p.VAR_POSITIONAL:
            args.extend(placeholders[name])
        elif p.kind is p.VAR_KEYWORD:
            kwargs.update(placeholders[name])
        elif p.kind is p.KEYWORD_ONLY:
            kwargs[name] = placeholders[name]
        else:
            args.append(placeholders[name])
    return args, kwargs


def _as_graph_output(graph, value):
    if isinstance(value, TensorOperators) and not value._is_variable:
        return graph.capture(value)
    return value


def function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False,
             experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None,
             name=None):
    """Compiles a Python function into graphs (a decorator, with or without arguments).

    >>> import tensorflux as tf
    >>> @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    ... def double(x):
    ...     return 2.0 * x
    >>> double(tf.constant([1.0, 2.0])).numpy()
    array([2., 4.], dtype=float32)
    """
    relax = reduce_retracing or bool(experimental_relax_shapes)

    def decorate(f):
        return Function(f, input_signature, relax, jit_compile if jit_compile is not None else experimental_compile,
                        autograph, name)

    return decorate if func is None else decorate(func)

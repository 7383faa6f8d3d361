"""Control flow on tensor values: ``tf.cond``, ``tf.switch_case``, ``tf.while_loop``.

Eagerly these are plain Python control flow. While tracing, each branch (or the loop's condition
and body) is traced into a graph of its own, and one ``Case`` or ``While`` node runs the chosen
graph. Tensors a branch uses from outside become explicit inputs of the node, so gradients reach
them: the gradient of ``Case`` is again a ``Case`` over the branches' gradients.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, nest
from ..framework.function import ConcreteFunction, FuncGraph
from ..framework.graph import SymbolicTensor
from ..framework.primitive import STATE, as_input, declare
from ..framework.shape import TensorShape
from ..framework.tape import GradientTape
from . import math as math_ops


def _symbolic(*values) -> bool:
    return bool(STATE.graphs) or any(getattr(v, "_value", 0) is None for v in nest.flatten(list(values)))


def _trace(fn, name, args=()):
    """Traces ``fn(*args)`` into its own graph; returns the graph (inputs: ``args``' placeholders)."""
    graph = FuncGraph(name, outer=STATE.graphs[-1] if STATE.graphs else None)
    with graph.as_default():
        placeholders = [graph.placeholder(a._shape_tuple(), a.dtype, name=f"{name}_arg{i}") for i, a in enumerate(args)]
        graph.inputs.extend(placeholders)
        out = fn(*placeholders)
        graph.structured_outputs = nest.map_structure(lambda o: graph.capture(as_input(o)), out)
    return graph


class Branch:
    """A traced branch: runs with one value per loop variable followed by one per captured tensor."""

    def __init__(self, graph: FuncGraph, captured: list):
        self.graph = graph
        by_outer = {id(outer): inner for outer, inner in graph.captures}
        with graph.as_default():
            self.capture_inputs = [by_outer[id(c)] if id(c) in by_outer else
                                   graph.placeholder(c._shape_tuple(), c.dtype, name="unused") for c in captured]
        self.function = ConcreteFunction(graph, graph.name)
        self.function.graph.inputs = list(graph.inputs) + self.capture_inputs

    @property
    def outputs(self):
        return nest.flatten(self.graph.structured_outputs)

    def run(self, values):
        """Raw arrays in, raw arrays out (inside a kernel: nothing here is recorded)."""
        return self.function.run_arrays(list(values))


def _captures(graphs) -> list:
    """The outside tensors any of the graphs uses, each once."""
    seen, out = set(), []
    for g in graphs:
        for outer, _ in g.captures:
            if id(outer) not in seen:
                seen.add(id(outer))
                out.append(outer)
    return out


# ---------------------------------------------------------------------------------------------
# Case: run one of several traced branches.

def _case_kernel(index, *captured, branches):
    i = int(index)
    if not 0 <= i < len(branches):
        i = len(branches) - 1  # TF: an out-of-range index runs the last (default) branch
    out = branches[i].run(captured)
    return tuple(out) if len(out) != 1 else out[0]


def _case_infer(index, *captured, branches):
    specs = []
    for outs in zip(*[b.outputs for b in branches]):
        dtype = outs[0].dtype
        for o in outs[1:]:
            if o.dtype is not dtype:
                raise ValueError(f"The branches of cond/switch_case return different dtypes: {dtype.name} and "
                                 f"{o.dtype.name}")
        shape = outs[0]._shape_tuple()
        for o in outs[1:]:
            s = o._shape_tuple()
            shape = tuple(a if a == b else None for a, b in zip(shape, s)) if len(s) == len(shape) else ()
        specs.append((shape, dtype))
    return specs if len(specs) != 1 else specs[0]


def _case_grad(op, *grads):
    index, captured = op.inputs[0], list(op.inputs[1:])
    branches = op.attrs["branches"]
    grads = [g if g is not None else math_ops.zeros_like(o) for g, o in zip(grads, op.outputs)]

    def gradient_of(branch):
        def fn():
            with GradientTape() as tape:
                for c in captured:
                    tape.watch(c)
                outs = branch.function.call_flat(list(captured))
            return tape.gradient(nest.flatten(outs), captured, output_gradients=grads, unconnected_gradients="zero")

        return fn

    differentiable = [c.dtype.is_floating or c.dtype.is_complex for c in captured]
    if not any(differentiable):
        return (None,) * len(op.inputs)
    results = switch_case(index, [gradient_of(b) for b in branches])
    return (None,) + tuple(r if d else None for r, d in zip(results, differentiable))


CASE = declare("Case", _case_kernel, _case_infer, _case_grad, graph_name="Case")


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs ``branch_fns[branch_index]()`` (``default``, or the last branch, when out of range).

    >>> import tensorflux as tf
    >>> int(tf.switch_case(tf.constant(1), [lambda: tf.constant(10), lambda: tf.constant(20)]))
    20
    """
    fns = [f for _, f in sorted(branch_fns.items())] if isinstance(branch_fns, dict) else list(
        f[1] if isinstance(f, tuple) else f for f in branch_fns)
    if default is not None:
        fns.append(default)
    index = as_input(branch_index, dtypes.int32)
    if not _symbolic(index):
        i = int(index)
        return fns[i if 0 <= i < len(fns) else len(fns) - 1]()
    graphs = [_trace(f, f"{name}_branch{i}") for i, f in enumerate(fns)]
    structure = graphs[0].structured_outputs
    for g in graphs[1:]:
        nest.assert_same_structure(structure, g.structured_outputs)
    captured = _captures(graphs)
    branches = tuple(Branch(g, captured) for g in graphs)
    out = CASE(index, *captured, branches=branches, name=name)
    flat = list(out) if isinstance(out, tuple) else [out]
    return nest.pack_sequence_as(structure, flat)


def cond(pred, true_fn=None, false_fn=None, name=None):
    """``true_fn()`` if ``pred`` else ``false_fn()``; traced as one ``Case`` node in a graph.

    >>> import tensorflux as tf
    >>> float(tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(2.0)))
    1.0
    """
    if true_fn is None or false_fn is None:
        raise TypeError("cond(): 'true_fn' and 'false_fn' arguments are required")
    if isinstance(pred, (bool, np.bool_)):
        return true_fn() if pred else false_fn()
    pred = as_input(pred, dtypes.bool)
    if pred.dtype is not dtypes.bool or pred._shape_tuple() not in ((), None):
        raise TypeError(f"pred must be a scalar boolean tensor, got shape {pred.shape} and dtype {pred.dtype!r}")
    if not _symbolic(pred):
        return true_fn() if bool(pred) else false_fn()
    return switch_case(math_ops.cast(pred, dtypes.int32), [false_fn, true_fn], name=name or "cond")


# ---------------------------------------------------------------------------------------------
# While: run a traced body while a traced condition holds.

def _while_kernel(*values, cond_graph, body_graph, n_vars, maximum_iterations):
    state, captured = list(values[:n_vars]), list(values[n_vars:])
    steps = 0
    while (maximum_iterations is None or steps < maximum_iterations) and bool(cond_graph.run(state + captured)[0]):
        state = body_graph.run(state + captured)
        steps += 1
    return tuple(state) if n_vars != 1 else state[0]


def _while_infer(*values, cond_graph, body_graph, n_vars, maximum_iterations):
    specs = [(v._shape_tuple(), v.dtype) for v in values[:n_vars]]
    return specs if n_vars != 1 else specs[0]


def _while_grad(op, *grads):
    raise LookupError("Gradients through tf.while_loop inside tf.function are not supported yet; compute the "
                      "gradient with a GradientTape outside the tf.function (it sees the loop unrolled).")


WHILE = declare("While", _while_kernel, _while_infer, _while_grad, graph_name="while")


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, maximum_iterations=None, name=None):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``.

    >>> import tensorflux as tf
    >>> int(tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), [tf.constant(0)])[0])
    10
    """
    single = not isinstance(loop_vars, (list, tuple))
    structure = [loop_vars] if single else loop_vars
    flat = [as_input(v) for v in nest.flatten(structure)]

    def call(fn, values):
        packed = nest.pack_sequence_as(structure, values)
        return fn(*packed) if not single else fn(packed[0])

    if not _symbolic(*flat):
        steps = 0
        while (maximum_iterations is None or steps < int(maximum_iterations)) and bool(call(cond, flat)):
            out = call(body, flat)
            flat = [as_input(v) for v in nest.flatten([out] if single else out)]
            steps += 1
        packed = nest.pack_sequence_as(structure, flat)
        return packed[0] if single else packed
    invariants = nest.flatten(shape_invariants) if shape_invariants is not None else [None] * len(flat)
    specs = [_LoopVar(v, inv) for v, inv in zip(flat, invariants)]
    cond_graph = _trace(lambda *xs: call(cond, list(xs)), "while_cond", specs)
    body_graph = _trace(lambda *xs: tuple(nest.flatten(call(body, list(xs)))), "while_body", specs)
    for spec, out in zip(specs, nest.flatten(body_graph.structured_outputs)):
        if not TensorShape(spec._shape_tuple()).is_compatible_with(out._shape_tuple()):
            raise ValueError(f"Input tensor '{spec.name}' enters the loop with shape {TensorShape(spec._shape_tuple())}"
                             f", but has shape {out.shape} after one iteration. To allow the shape to vary across "
                             "iterations, use the `shape_invariants` argument of tf.while_loop to specify a "
                             "less-specific shape.")
    captured = _captures([cond_graph, body_graph])
    limit = None if maximum_iterations is None else int(maximum_iterations)
    out = WHILE(*flat, *captured, cond_graph=Branch(cond_graph, captured), body_graph=Branch(body_graph, captured),
                n_vars=len(flat), maximum_iterations=limit, name=name)
    out = list(out) if isinstance(out, tuple) else [out]
    packed = nest.pack_sequence_as(structure, out)
    return packed[0] if single else packed


class _LoopVar:
    """A loop variable's spec for tracing: its shape (or its invariant) and dtype."""

    def __init__(self, value, invariant):
        self.dtype = value.dtype
        self.name = getattr(value, "name", "loop_var") if isinstance(value, SymbolicTensor) else "loop_var"
        shape = value._shape_tuple() if invariant is None else TensorShape(invariant).as_list()
        self._shape = tuple(shape)

    def _shape_tuple(self):
        return self._shape


def _while_replay(*values, cond_graph, body_graph, n_vars, maximum_iterations):
    """The loop unrolled through the dispatcher, so that a recording tape sees every step."""
    state, captured = list(values[:n_vars]), list(values[n_vars:])
    steps = 0
    while (maximum_iterations is None or steps < maximum_iterations) and bool(
            nest.flatten(cond_graph.function.call_flat(state + captured))[0]):
        state = nest.flatten(body_graph.function.call_flat(state + captured))
        steps += 1
    return tuple(state) if n_vars != 1 else state[0]


WHILE.replay = _while_replay

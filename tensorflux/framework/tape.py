"""GradientTape, stop_gradient and custom_gradient: reverse-mode differentiation.

A tape records each primitive call whose inputs it tracks. ``gradient`` walks the records
backwards, calling each primitive's gradient — written in tensorflux ops, so an outer tape
records the backward pass too and nested tapes give higher derivatives. Broadcasting is undone
here, once, for every primitive (``Unbroadcast``), rather than in each gradient rule.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import math

import numpy as np

from . import nest
from .primitive import NOT_DIFFERENTIABLE, READ_VARIABLE, REGISTRY, STATE, Primitive, declare


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for sources the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


# ---------------------------------------------------------------------------------------------
# The engine's own primitives: accumulating, seeding and un-broadcasting gradients.

def _same_as_first(*xs, **attrs):
    return xs[0]._shape_tuple(), xs[0].dtype


def _like_second(x, like, **attrs):
    return like._shape_tuple(), x.dtype


def _add_n_kernel(*values):
    total = values[0] + values[1] if len(values) > 1 else values[0].copy()
    for v in values[2:]:
        total += v
    return total


def _fill_like(fill):
    def kernel(x):
        return np.ones_like(x) if fill else np.zeros_like(x)

    return kernel


_BLAS_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _unbroadcast_kernel(grad, like):
    """Sums ``grad`` over the axes that broadcasting added or stretched, to ``like``'s shape."""
    shape = np.shape(like)
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, d in enumerate(shape) if d == 1 and grad.shape[lead + i] != 1)
    if axes == tuple(range(len(axes))) and grad.flags.c_contiguous:  # leading axes (a bias): one 2-D sum
        rows = grad.reshape(-1, math.prod(grad.shape[len(axes):]))
        if rows.dtype in _BLAS_FLOATS and type(rows) is np.ndarray:  # a product with ones: BLAS, ~7x NumPy's sum
            return (np.ones(rows.shape[0], rows.dtype) @ rows).reshape(shape)
        return rows.sum(axis=0).reshape(shape)
    out = grad.sum(axis=axes, keepdims=True) if axes else grad
    return out.reshape(shape)


def _broadcast_like_kernel(x, like):
    return np.broadcast_to(x, np.shape(like))


ADD_N = declare("AddN", _add_n_kernel, _same_as_first, lambda op, g: (g,) * len(op.inputs))
ONES_LIKE = declare("OnesLike", _fill_like(1), _same_as_first, NOT_DIFFERENTIABLE)
ZEROS_LIKE = declare("ZerosLike", _fill_like(0), _same_as_first, NOT_DIFFERENTIABLE)
STOP_GRADIENT = declare("StopGradient", lambda x: x, _same_as_first, NOT_DIFFERENTIABLE)
UNBROADCAST = declare("Unbroadcast", _unbroadcast_kernel, _like_second,
                      lambda op, g: (BROADCAST_LIKE(g, op.inputs[0]), None))
BROADCAST_LIKE = declare("BroadcastLike", _broadcast_like_kernel, _like_second,
                         lambda op, g: (UNBROADCAST(g, op.inputs[0]), None))


def stop_gradient(input, name=None):
    """The input, as a value the tape does not differentiate through.

    >>> import tensorflux as tf
    >>> x = tf.Variable(2.0)
    >>> with tf.GradientTape() as tape:
    ...     y = x * tf.stop_gradient(x)
    >>> float(tape.gradient(y, x))
    2.0
    """
    from .primitive import as_input

    return STOP_GRADIENT(as_input(input), name=name)


# ---------------------------------------------------------------------------------------------
# Recording.

class Record:
    """One recorded primitive call: what a gradient rule sees as ``op``."""

    __slots__ = ("prim", "inputs", "outputs", "attrs", "needs", "input_ids", "output_ids")

    def __init__(self, prim, inputs, outputs, attrs):
        self.prim = prim
        self.inputs = inputs
        self.outputs = outputs
        self.attrs = attrs
        self.input_ids = tuple(map(id, inputs))  # set by backprop before a gradient rule runs: ``needs``
        self.output_ids = tuple(map(id, outputs))

    @property
    def type(self) -> str:
        return self.prim.name


class GradientTape:
    """Records operations for automatic differentiation, as ``tf.GradientTape``.

    >>> import tensorflux as tf
    >>> w = tf.Variable(3.0)
    >>> with tf.GradientTape() as tape:
    ...     loss = w * w
    >>> float(tape.gradient(loss, w))
    6.0
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._recording = False
        self._used = False
        self._records: list[Record] = []
        self._tracked: dict[int, object] = {}  # id → tensor or variable whose gradient may be asked
        self._variables: dict[int, object] = {}  # watched variables, in the order first watched

    def __enter__(self) -> GradientTape:
        self._push()
        return self

    def __exit__(self, *exc) -> None:
        if self._recording:
            self._pop()

    def _push(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an already-active tape.")
        STATE.tapes.append(self)
        STATE.refresh()
        self._recording = True

    def _pop(self):
        STATE.tapes.remove(self)
        STATE.refresh()
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stops recording operations on this tape."""
        if not self._recording:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self) -> None:
        """Clears everything recorded so far; the tape keeps recording if it was."""
        self._records.clear()
        self._tracked.clear()
        self._variables.clear()
        self._used = False

    def watch(self, tensor) -> None:
        """Makes the tape track a tensor (or variable), or a nested structure of them."""
        for t in nest.flatten(tensor):
            if not hasattr(t, "dtype") or not hasattr(t, "_value"):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not tf.Tensor or tf.Variable")
            if not (t.dtype.is_floating or t.dtype.is_complex):
                logging.getLogger("tensorflow").warning(
                    "The dtype of the watched tensor must be floating (e.g. tf.float32), got %r", t.dtype)
            if t._is_variable:
                self._variables.setdefault(id(t), t)
            self._tracked[id(t)] = t

    def watched_variables(self) -> tuple:
        """The variables this tape watches, in the order they were created (as TF lists them)."""
        return tuple(sorted(self._variables.values(), key=lambda v: v._serial))

    def record(self, prim: Primitive, inputs, outputs, attrs) -> None:
        tracked = self._tracked
        for x in inputs:
            if id(x) in tracked:
                break
        else:
            return
        self._records.append(Record(prim, tuple(inputs), outputs, attrs))
        for o in outputs:
            value = o._value
            if value.dtype.kind in "fcV" if value is not None else (o.dtype.is_floating or o.dtype.is_complex):
                tracked[id(o)] = o  # only floating (and complex) tensors carry gradients

    def _watch_if_accessed(self, var) -> bool:
        """Watches a trainable variable that was read, unless told not to; whether it is watched."""
        if id(var) not in self._tracked:
            if not (self._watch_accessed_variables and var.trainable):
                return False
            self.watch(var)
        return True

    def record_read(self, var, tensor) -> None:
        """A variable was read into ``tensor``; trainable ones are watched automatically."""
        if self._watch_if_accessed(var):
            self.record(READ_VARIABLE, (var,), (tensor,), {})

    # -----------------------------------------------------------------------------------------
    # Differentiation.

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(sources): the gradient of the sum of the targets, shaped like ``sources``.

        Args:
            target: a tensor, or a nested structure of tensors, to differentiate.
            sources: a tensor or variable, or a nested structure of them.
            output_gradients: upstream gradients, one per target (default: ones).
            unconnected_gradients: ``"none"`` (None for unconnected sources) or ``"zero"``.
        """
        self._check_usable()
        if self._recording and not self._persistent:
            self._pop()  # a non-persistent tape stops recording once asked for gradients
        flat_sources = nest.flatten(sources)
        flat_targets = nest.flatten(target)
        flat_out = [None] * len(flat_targets) if output_gradients is None else nest.flatten(output_gradients)
        if len(flat_out) != len(flat_targets):
            raise ValueError("`output_gradients` must have the same structure as `target`.")
        for s in flat_sources:
            if s is None or not hasattr(s, "_value"):
                raise ValueError(f"Argument `sources` must be tensors or variables, got {s!r}")
        grads = self._backprop(flat_targets, flat_sources, flat_out, UnconnectedGradients(unconnected_gradients))
        self._finish_use()
        return nest.pack_sequence_as(sources, grads)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of ``target`` w.r.t. each source: shape ``target.shape + source.shape``."""
        self._check_usable()
        if self._recording and not self._persistent:
            self._pop()
        flat_sources = nest.flatten(sources)
        rows = self._rows(target, flat_sources, UnconnectedGradients(unconnected_gradients))
        out = [_stack_rows(r, tuple(target.shape) + tuple(s.shape)) for r, s in zip(rows, flat_sources)]
        self._finish_use()
        return nest.pack_sequence_as(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: ``[batch] + target.shape[1:] + source.shape[1:]``.

        Valid when example ``i`` of the target depends only on example ``i`` of the source.
        """
        self._check_usable()
        if self._recording and not self._persistent:
            self._pop()
        (rows,) = self._rows(target, [source], UnconnectedGradients(unconnected_gradients), batch=True)
        stacked = _stack_rows(rows, tuple(target.shape[1:]) + tuple(source.shape))
        self._finish_use()
        if stacked is None:
            return None
        # rows are indexed by target element; move the batch axis of the source to the front
        n_t = len(target.shape) - 1
        perm = [n_t] + list(range(n_t)) + list(range(n_t + 1, n_t + len(source.shape)))
        return REGISTRY["Transpose"](stacked, perm=tuple(perm))

    def _rows(self, target, sources, unconnected, batch=False):
        """Gradients of each target element (or, in batch mode, each per-example element)."""
        shape = tuple(target.shape)
        n = int(np.prod(shape[1:] if batch else shape, dtype=np.int64))
        rows = [[] for _ in sources]
        dtype = target.dtype.numpy_dtype
        from .primitive import constant

        for i in range(n):
            seed = np.zeros((n,), dtype)
            seed[i] = 1
            seed = np.broadcast_to(seed, (shape[0], n)).reshape(shape) if batch else seed.reshape(shape)
            grads = self._backprop([target], sources, [constant(np.ascontiguousarray(seed))], unconnected)
            for r, g in zip(rows, grads):
                r.append(g)
        return rows

    def _check_usable(self):
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set of "
                               "gradients (or jacobians)")

    def _finish_use(self):
        if not self._persistent:
            self._used = True
            self._records = []
            self._tracked = {}

    def _backprop(self, targets, sources, output_gradients, unconnected):
        records = self._records[: len(self._records)]  # gradient ops of a persistent tape append
        tracked = self._tracked
        source_ids = {id(s) for s in sources}
        reach = {i for i in source_ids if i in tracked}  # ids of tensors that depend on a source
        for r in records:
            if not reach.isdisjoint(r.input_ids):
                reach.update(i for i in r.output_ids if i in tracked)
        grads: dict[int, list] = {}
        for t, seed in zip(targets, output_gradients):
            if id(t) in reach:
                grads.setdefault(id(t), []).append(ONES_LIKE(t) if seed is None else _as_tensor(seed))
        for r in reversed(records):
            if grads.keys().isdisjoint(r.output_ids):
                continue
            needs = tuple([i in reach for i in r.input_ids])
            if True not in needs:
                continue
            r.needs = needs
            if r.prim.gradient is None:
                raise LookupError(f"No gradient defined for operation '{r.prim.name}' (op type: {r.prim.name}).")
            out_grads = [_total(grads, i, i in source_ids) for i in r.output_ids]
            in_grads = r.prim.gradient(r, *out_grads)
            if type(in_grads) is not tuple and type(in_grads) is not list:
                in_grads = (in_grads,)
            for x, i, g, need in zip(r.inputs, r.input_ids, in_grads, needs):
                if need and g is not None:
                    grads.setdefault(i, []).append(_match_shape(g, x))
        result = []
        for s in sources:
            g = _total(grads, id(s), True)
            if g is None and unconnected is UnconnectedGradients.ZERO:
                g = ZEROS_LIKE(s)
            result.append(g)
        return result


def _as_tensor(value):
    from .primitive import convert_to_tensor

    return convert_to_tensor(value)


def _total(grads, key, keep):
    """The sum of the gradients that reached a tensor (kept for sources, released otherwise)."""
    parts = grads.get(key) if keep else grads.pop(key, None)
    if parts is None:
        return None
    if len(parts) > 1:
        parts[:] = [ADD_N(*parts)]
    return parts[0]


def _match_shape(grad, x):
    """Undoes broadcasting: a gradient shaped like the op's output, summed to the input's shape."""
    gs, xs = grad._shape_tuple(), x._shape_tuple()
    if gs == xs and None not in gs:
        return grad
    return UNBROADCAST(grad, x)


def _stack_rows(rows, shape):
    """One gradient per target element, stacked and shaped ``shape`` (None when all are None)."""
    if all(g is None for g in rows):
        return None
    like = next(g for g in rows if g is not None)
    filled = [g if g is not None else ZEROS_LIKE(like) for g in rows]
    from .primitive import constant

    return REGISTRY["Reshape"](REGISTRY["Pack"](*filled, axis=0), constant(np.array(shape, np.int32)))


# ---------------------------------------------------------------------------------------------
# custom_gradient.

def custom_gradient(f=None):
    """Decorates ``f(*x) -> (y, grad_fn)`` so that tapes use ``grad_fn`` as its gradient.

    ``grad_fn(*upstream)`` returns one gradient per input; when ``f`` reads variables,
    ``grad_fn(*upstream, variables=...)`` returns ``(input_grads, variable_grads)``.

    >>> import tensorflux as tf
    >>> @tf.custom_gradient
    ... def clip_grad(x):
    ...     return tf.identity(x), lambda dy: tf.clip_by_value(dy, -0.5, 0.5)
    """
    if f is None:
        return custom_gradient

    import functools
    import inspect

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from .primitive import as_input

        tensors = [a for a in nest.flatten(list(args)) if hasattr(a, "_value") and hasattr(a, "dtype")]
        outer = list(STATE.tapes)
        watcher = GradientTape(watch_accessed_variables=True)
        STATE.tapes[:] = [watcher]  # f's own ops are not recorded; only the reads it makes are seen
        STATE.refresh()
        watcher._recording = True
        try:
            y, grad_fn = f(*args, **kwargs)
        finally:
            STATE.tapes[:] = outer
            STATE.refresh()
        if not outer:
            return y
        variables = list(watcher.watched_variables())
        takes_vars = "variables" in inspect.signature(grad_fn).parameters or any(
            p.kind is p.VAR_KEYWORD for p in inspect.signature(grad_fn).parameters.values())
        if variables and not takes_vars:
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function "
                            f"uses variables: {variables}")
        flat_y = nest.flatten(y)
        n_in = len(tensors)

        def gradient(op, *upstream):
            upstream = [g if g is not None else ZEROS_LIKE(o) for g, o in zip(upstream, op.outputs)]
            if takes_vars and variables:
                in_grads, var_grads = grad_fn(*upstream, variables=variables)
            else:
                in_grads, var_grads = grad_fn(*upstream), []
            in_grads = list(in_grads) if isinstance(in_grads, (list, tuple)) else [in_grads]
            return tuple(in_grads[:n_in]) + tuple(var_grads)

        prim = Primitive(f"CustomGradient-{f.__name__}", None, None, gradient)
        inputs = [as_input(t) for t in tensors] + variables
        outputs = tuple(as_input(o) for o in flat_y)
        for tape in outer:
            for v in variables:  # f's reads were hidden from this tape: watch what it would have watched
                tape._watch_if_accessed(v)
            tape.record(prim, inputs, outputs, {})
        return y

    return wrapper

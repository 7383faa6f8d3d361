"""Every primitive's ``infer`` rule agrees with what its kernel computes.

The family tables are run once with a spy on every primitive's kernel, which keeps the first
inputs and attributes each primitive saw (gradients are taken too, so gradient-only primitives
are seen). Each primitive is then called on graph placeholders of those shapes and dtypes, and
the symbolic result must have the eager result's dtype and shape: exactly where inputs are fully
known, compatibly where every dimension is unknown.
"""

from __future__ import annotations

import numpy as np
import pytest
import test_array
import test_linalg
import test_math
import test_nn
import test_reduce
from op_cases import floats

import tensorflux as tf
from tensorflux.framework.graph import Graph
from tensorflux.framework.primitive import REGISTRY

TABLES = test_math.MATH + test_reduce.REDUCE + test_array.ARRAY + test_nn.NN + test_linalg.LINALG
MINE = tuple(f"tensorflux.ops.{m}" for m in ("math", "reduce", "array", "nn", "random", "clip", "logging", "linalg")
             ) + ("tensorflux.framework.tape",)
DATA_DEPENDENT = {"Where"}  # the number of true elements is known only when the graph runs
OTHER_FAMILIES = {"ReadVariableOp", "AssignVariableOp", "PrintV2"}  # stateful or effectful: tested elsewhere
EXTRA = [  # primitives the tables do not reach
    lambda: tf.random.normal((2, 3)), lambda: tf.random.uniform((2,)), lambda: tf.random.truncated_normal((3,)),
    lambda: tf.random.categorical([[0.0, 1.0]], 4), lambda: tf.random.shuffle(tf.range(4)),
    lambda: tf.math.cumprod([1.0, 2.0]), lambda: tf.bitwise.bitwise_and(3, 5), lambda: tf.bitwise.bitwise_or(3, 5),
    lambda: tf.math.logical_or([True], [False]), lambda: tf.math.is_inf([1.0]), lambda: tf.math.unsorted_segment_sum(
        [1.0, 2.0], [1, 1], 3), lambda: tf.tensor_scatter_nd_add([1.0, 2.0], [[0]], [3.0]), lambda: tf.stop_gradient(
        [1.0]), lambda: tf.math.greater([1, 2], 1), lambda: tf.math.less_equal([1, 2], 1),
    lambda: tf.math.less([1, 2], 2), lambda: tf.math.logical_and([True], [False]), lambda: tf.bitwise.bitwise_xor(1, 2), lambda: tf.bitwise.invert(5), lambda: tf.math.logical_not([True]),
]


def _owned(name):
    module = getattr(REGISTRY[name].forward, "__module__", "") or ""
    return name not in OTHER_FAMILIES and (module.startswith(MINE) or module == "numpy")


def _collect():
    """name -> (input arrays, attrs) of the first call each primitive received."""
    seen, originals = {}, {}
    for name, prim in REGISTRY.items():
        originals[name] = prim.forward

        def spy(*arrays, __name=name, __forward=prim.forward, **attrs):
            seen.setdefault(__name, ([np.asarray(a) if not isinstance(a, np.ndarray) else a for a in arrays], attrs))
            return __forward(*arrays, **attrs)

        prim.forward = spy
    try:
        for case in TABLES:
            tensors = [tf.constant(a) for a in floats(case.inputs, np.float64)]
            with tf.GradientTape() as tape:
                for t in tensors:
                    if t.dtype.is_floating:
                        tape.watch(t)
                out = [o for o in tf.nest.flatten(case.fn(*tensors)) if o is not None and o.dtype.is_floating]
            if out and case.grad and any(t.dtype.is_floating for t in tensors):
                tape.gradient(out, tensors)
        for make in EXTRA:
            make()
    finally:
        for name, prim in REGISTRY.items():
            prim.forward = originals[name]
    return seen


SEEN = _collect()


@pytest.mark.parametrize("name", sorted(n for n in REGISTRY if _owned(n)))
def test_infer_agrees_with_kernel(name):
    assert name in SEEN, f"no case in the op tables runs primitive {name}"
    arrays, attrs = SEEN[name]
    prim = REGISTRY[name]
    eager = tf.nest.flatten(prim.forward(*arrays, **attrs))
    for unknown in (False, True):
        graph = Graph()
        inputs = [graph.placeholder((None,) * a.ndim if unknown else a.shape, tf.as_dtype(a.dtype)) for a in arrays]
        # indices, shape vectors and masks are usually known when a graph is built
        inputs = [graph.constant(a) if a.dtype.kind in "iub" else p for a, p in zip(arrays, inputs)]
        symbolic = tf.nest.flatten(prim(*inputs, **attrs))
        assert len(symbolic) == len(eager)
        for s, e in zip(symbolic, eager):
            e = np.asarray(e)
            assert s.dtype == tf.as_dtype(e.dtype), f"{name}: infer says {s.dtype}, kernel gives {e.dtype}"
            assert len(s.shape) == e.ndim, f"{name}: infer says rank {len(s.shape)}, kernel gives {e.shape}"
            if unknown or name in DATA_DEPENDENT:
                assert s.shape.is_compatible_with(e.shape), f"{name}: {s.shape} vs {e.shape}"
            else:
                assert s.shape.as_list() == list(e.shape), f"{name}: infer says {s.shape}, kernel gives {e.shape}"

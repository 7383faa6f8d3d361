"""Each graph optimisation pass on its own: the plan shrinks as intended and values do not change."""

import numpy as np

import tensorflux as tf
from tensorflux.framework import passes
from tensorflux.framework.function import FuncGraph


def _graph(fn, *shapes):
    graph = FuncGraph("g")
    with graph.as_default():
        inputs = [graph.placeholder(s, tf.float32, name=f"x{i}") for i, s in enumerate(shapes)]
        outputs = fn(*inputs)
    return graph, inputs, outputs if isinstance(outputs, (list, tuple)) else [outputs]


def _plans(fn, *shapes, only):
    graph, inputs, outputs = _graph(fn, *shapes)
    raw = passes.compile_graph(graph, inputs, outputs, passes=())
    optimised = passes.compile_graph(graph, inputs, outputs, passes=only)
    return raw, optimised


def _same_results(raw, optimised, *values):
    for a, b in zip(raw.run(list(values)), optimised.run(list(values))):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_prune_removes_dead_code_but_keeps_stateful_steps():
    v = tf.Variable(0.0)

    def fn(x):
        tf.exp(x)  # dead
        v.assign_add(1.0)  # stateful: kept
        return x * 2.0

    raw, optimised = _plans(fn, (3,), only=(passes.prune,))
    names = [s.prim.name for s in optimised.steps]
    assert "Exp" not in names and "AssignVariableOp" in names and "Mul" in names
    optimised.run([np.ones(3, np.float32)])
    assert float(v) == 1.0


def test_common_subexpressions_run_once():
    raw, optimised = _plans(lambda x: tf.exp(x) + tf.exp(x), (3,), only=(passes.eliminate_common_subexpressions,))
    assert [s.prim.name for s in raw.steps].count("Exp") == 2
    assert [s.prim.name for s in optimised.steps].count("Exp") == 1
    _same_results(raw, optimised, np.arange(3, dtype=np.float32))


def test_reads_of_a_variable_merge_until_something_may_write_it():
    v = tf.Variable(2.0)

    def fn(x):
        a = x * v + x * v  # two reads, nothing written between: one read, one product
        v.assign_add(1.0)
        return a + x * v  # read after the write: a read of its own

    raw, optimised = _plans(fn, (3,), only=(passes.eliminate_common_subexpressions,))
    names = [s.prim.name for s in optimised.steps]
    assert [s.prim.name for s in raw.steps].count("ReadVariableOp") == 3
    assert names.count("ReadVariableOp") == 2 and names.count("Mul") == 2
    np.testing.assert_allclose(optimised.run([np.ones(3, np.float32)])[0], 7.0)


def test_equal_small_constants_are_one_input():
    raw, optimised = _plans(lambda x: tf.exp(x + 1.0) + tf.exp(x + 1.0), (3,),
                            only=(passes.eliminate_common_subexpressions,))
    assert [s.prim.name for s in optimised.steps] == ["AddV2", "Exp", "AddV2"]
    _same_results(raw, optimised, np.arange(3, dtype=np.float32))


def test_constant_folding():
    raw, optimised = _plans(lambda x: x + tf.reduce_sum(tf.ones((2, 2)) * 3.0), (3,), only=(passes.fold_constants,))
    assert [s.prim.name for s in optimised.steps] == ["AddV2"]
    _same_results(raw, optimised, np.arange(3, dtype=np.float32))


def test_elementwise_chains_fuse_into_one_step():
    raw, optimised = _plans(lambda x: tf.exp(x) * 2.0 + 1.0, (3,), only=(passes.fuse_elementwise,))
    assert len(raw.steps) == 3 and len(optimised.steps) == 1
    assert isinstance(optimised.steps[0], passes.FusedStep)
    _same_results(raw, optimised, np.arange(3, dtype=np.float32))


def test_buffer_reuse_writes_into_a_dead_intermediate():
    raw, optimised = _plans(lambda x: tf.exp(x) * 2.0 + 1.0, (4,), only=(passes.reuse_buffers,))
    reusing = [s for s in optimised.steps if s.out is not None]
    assert len(reusing) == 2  # the multiply writes into exp's buffer, the add into the product's
    _same_results(raw, optimised, np.arange(4, dtype=np.float32))


def test_buffer_reuse_never_touches_inputs_or_broadcast_mismatches():
    x = np.arange(4, dtype=np.float32)
    before = x.copy()
    raw, optimised = _plans(lambda x, y: tf.exp(x) * y, (4,), (3, 4), only=(passes.reuse_buffers,))
    out = optimised.run([x, np.ones((3, 4), np.float32)])[0]
    np.testing.assert_array_equal(x, before)
    assert out.shape == (3, 4)


def test_dead_values_are_released_and_variables_update_in_place():
    v = tf.Variable(np.ones(1000, np.float32))

    def fn(x):
        v.assign_sub(tf.exp(x) * 0.0 + v * 0.5)
        return tf.reduce_sum(x)

    graph, inputs, outputs = _graph(fn, (1000,))
    plan = passes.compile_graph(graph, inputs, outputs)
    released = {i for s in plan.steps for inner in getattr(s, "steps", [s]) for i in inner.release}
    assert plan.outputs[0] not in released and released
    address = v._value.__array_interface__["data"][0]  # no reference kept: that would force a copy
    plan.run([np.zeros(1000, np.float32)])
    assert v._value.__array_interface__["data"][0] == address  # nobody held the buffer: updated in place
    np.testing.assert_allclose(v.numpy(), 0.5)

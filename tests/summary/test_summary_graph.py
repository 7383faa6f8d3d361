"""tf.summary.graph and trace_on/trace_export: GraphDefs of tensorflux graphs, read back with the real
tensorboard's EventAccumulator and protobuf classes."""

import logging

import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.compat.proto import config_pb2, graph_pb2
from tensorboard.util import tensor_util

import tensorflux as tf
from tensorflux.framework.primitive import STATE as ENGINE_STATE
from tensorflux.summary.graph_def import graph_def


def accumulate(logdir) -> EventAccumulator:
    accumulator = EventAccumulator(str(logdir))
    accumulator.Reload()
    return accumulator


def nodes_of(graph_def):
    return {node.name: node for node in graph_def.node}


def build_graph():
    graph = tf.Graph()
    weights = tf.Variable([[1.0], [2.0], [3.0]], name="kernel")
    with graph.as_default():
        x = graph.placeholder((None, 3), tf.float32, name="x")
        y = tf.matmul(x + 1.0, weights, transpose_b=False)
        left, right = tf.split(tf.concat([y, y], axis=1), 2, axis=1)
        tf.cast(left - right, tf.float64, name="difference")
    return graph


def test_graph_is_written_as_a_graph_def(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(tf.summary.graph(build_graph()))
    nodes = nodes_of(accumulate(tmp_path).Graph())
    placeholder = nodes["x"]
    assert placeholder.op == "Placeholder" and placeholder.attr["dtype"].type == 1
    assert [d.size for d in placeholder.attr["shape"].shape.dim] == [-1, 3]
    add = next(n for n in nodes.values() if n.op == "AddV2")
    assert add.input[0] == "x" and nodes[add.input[1]].op == "Const" and add.attr["T"].type == 1
    assert tensor_util.make_ndarray(nodes[add.input[1]].attr["value"].tensor) == np.float32(1.0)
    matmul = next(n for n in nodes.values() if n.op == "MatMul")
    assert matmul.attr["transpose_a"].b is False and "transpose_b" in matmul.attr
    assert [d.size for d in matmul.attr["_output_shapes"].list.shape[0].dim] == [-1, 1]
    read = next(n for n in nodes.values() if n.op == "ReadVariableOp")
    handle = nodes[read.input[0]]
    assert handle.op == "VarHandleOp" and handle.name == "kernel" and handle.attr["dtype"].type == 1
    assert matmul.input[1] == read.name
    split = next(n for n in nodes.values() if n.op.startswith("Split"))
    assert len(split.attr["_output_shapes"].list.shape) == 2
    difference = nodes["difference"]
    assert difference.op == "Cast" and difference.attr["dtype"].type == 2
    assert nodes[difference.input[0]].input == [split.name, f"{split.name}:1"]


def test_graph_event_has_step_zero(tmp_path, read_events):
    with tf.summary.create_file_writer(str(tmp_path)).as_default(step=5):
        tf.summary.graph(build_graph())
    (event,) = [e for e in read_events(tmp_path) if e.graph_def]
    assert event.step == 0


def test_graph_def_objects_are_written_as_they_are(tmp_path):
    graph_def = graph_pb2.GraphDef()
    graph_def.node.add(name="only", op="NoOp")
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(tf.summary.graph(graph_def))
    assert [n.name for n in accumulate(tmp_path).Graph().node] == ["only"]


def test_graph_is_not_written_without_writer_or_recording(tmp_path):
    assert not bool(tf.summary.graph(build_graph()))
    with tf.summary.create_file_writer(str(tmp_path)).as_default(), tf.summary.record_if(False):
        assert not bool(tf.summary.graph(build_graph()))
    assert not accumulate(tmp_path).Tags()["graph"]


def test_graph_errors(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        with pytest.raises(ValueError, match="Argument 'graph_data' is not tf.Graph or tf.compat.v1.GraphDef. "
                                             "Received graph_data=3 of type int."):
            tf.summary.graph(3)
        graph = tf.Graph()
        with graph.as_default(), pytest.raises(ValueError, match="cannot be invoked inside a graph context"):
            tf.summary.graph(graph)


def exported_graphs(logdir, tag):
    accumulator = EventAccumulator(str(logdir), size_guidance={"tensors": 0})
    accumulator.Reload()
    (event,) = accumulator.Tensors(tag)
    metadata = accumulator.SummaryMetadata(tag)
    assert metadata.plugin_data.plugin_name == "graph_run_metadata_graph" and metadata.plugin_data.content == b"1"
    run_metadata = config_pb2.RunMetadata.FromString(event.tensor_proto.string_val[0])
    return event.step, [f.pre_optimization_graph for f in run_metadata.function_graphs]


def test_trace_export_writes_the_traced_function(tmp_path):
    @tf.function
    def f(a):
        return a * 2.0 + 1.0

    tf.summary.trace_on(graph=True)
    f(tf.constant([1.0, 2.0]))
    f(tf.constant([3.0, 4.0]))  # the same trace: collected once
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        tf.summary.trace_export("my_trace", step=3)
    step, graphs = exported_graphs(tmp_path, "my_trace")
    assert step == 3 and len(graphs) == 1
    ops = [n.op for n in graphs[0].node]
    assert "Mul" in ops and "AddV2" in ops and ops[0] == "Placeholder"
    assert type(ENGINE_STATE.graphs) is list  # the export ended the trace


def test_trace_collects_graphs_built_with_as_default(tmp_path):
    tf.summary.trace_on()
    first, second = build_graph(), tf.Graph()
    with second.as_default():
        tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    with tf.summary.create_file_writer(str(tmp_path)).as_default(step=0):
        tf.summary.trace_export("graphs")
    _, graphs = exported_graphs(tmp_path, "graphs")
    assert len(graphs) == 2  # the branches of tf.cond are inside the second graph, not graphs of their own
    assert graphs[0] == graph_pb2.GraphDef.FromString(graph_def(first))


def test_trace_off_discards_and_graphs_before_trace_on_are_not_collected(tmp_path):
    build_graph()
    tf.summary.trace_on()
    build_graph()
    tf.summary.trace_off()
    tf.summary.trace_on()
    with tf.summary.create_file_writer(str(tmp_path)).as_default(step=0):
        tf.summary.trace_export("nothing")
    assert exported_graphs(tmp_path, "nothing")[1] == []


def test_trace_errors_and_warnings(caplog):
    with pytest.raises(ValueError, match="Must enable trace before export through tf.summary.trace_on."):
        tf.summary.trace_export("x", step=0)
    tf.summary.trace_on()
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        tf.summary.trace_on()
    assert "Trace already enabled" in caplog.text
    tf.summary.trace_export("x", step=0)  # no writer: nothing written, but the trace ends
    with pytest.raises(ValueError, match="Must enable trace"):
        tf.summary.trace_export("x", step=0)


def test_graph_of_a_concrete_function(tmp_path):
    @tf.function
    def double(x):
        return 2.0 * x

    concrete = double.get_concrete_function(tf.TensorSpec([None], tf.float32))
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(tf.summary.graph(concrete.graph))
    nodes = nodes_of(accumulate(tmp_path).Graph())
    assert [d.size for d in nodes["x"].attr["shape"].shape.dim] == [-1]
    assert any(n.op == "Mul" and "x" in n.input for n in nodes.values())

"""tf.Module and tf.name_scope: variable tracking, nesting, naming — recorded from TensorFlow 2.21."""

import pytest

import tensorflux as tf
from tensorflux.framework.graph import Graph

import core_cases


def test_module_semantics_follow_tf():
    wrong = core_cases.mismatches(core_cases.load("module"))
    assert not wrong, "\n".join(wrong)


class Dense(tf.Module):
    def __init__(self, units, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.ones((2, units)), name="w")
        self.b = tf.Variable(tf.zeros((units,)), name="b")
        self.calls = tf.Variable(0, trainable=False, name="calls")

    @tf.Module.with_name_scope
    def __call__(self, x):
        self.calls.assign_add(1)
        return tf.matmul(x, self.w) + self.b


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3, name="first"), Dense(2, name="second")]
        self.scale = tf.Variable(1.0, name="scale")


def test_tracks_variables_of_nested_modules_in_tf_order():
    m = Model()
    assert [v.name for v in m.variables] == ["scale:0", "b:0", "calls:0", "w:0", "b:0", "calls:0", "w:0"]
    assert len(m.trainable_variables) == 5 and len(m.non_trainable_variables) == 2
    assert [s.name for s in m.submodules] == ["first", "second"]
    assert all(v.trainable for v in m.trainable_variables)


def test_each_object_is_found_once():
    m = Model()
    m.alias = m.layers[0]
    m.again = [m.scale, {"k": m.scale}]
    assert len(m.variables) == 7 and len(m.submodules) == 2


def test_names():
    assert Model().name == "model" and Dense(1).name == "dense" and tf.Module(name="abc").name == "abc"
    with pytest.raises(ValueError, match="is not a valid module name"):
        tf.Module(name="1abc")


def test_with_name_scope_names_graph_nodes():
    layer = Dense(3, name="dense")
    graph = Graph()
    with graph.as_default():
        x = graph.placeholder((None, 2), tf.float32, name="x")
        y = layer(x)
    assert y.op.name == "dense/add" and y.shape.as_list() == [None, 3]


def test_name_scope_is_fixed_when_the_module_is_made():
    with tf.name_scope("outer"):
        m = tf.Module(name="inner")
    assert m.name_scope.name == "outer/inner/"
    with m.name_scope:
        assert tf.Variable(1.0, name="v").name == "outer/inner/v:0"


def test_name_scopes_nest_and_absolute_scopes_reset():
    with tf.name_scope("a") as a:
        with tf.name_scope("b") as b:
            with tf.name_scope("z/") as z:
                inner = tf.Variable(1.0, name="v").name
    assert (a, b, z, inner) == ("a/", "a/b/", "z/", "z/v:0")


def test_name_scopes_are_per_thread():
    import threading

    seen = []
    with tf.name_scope("outer"):
        worker = threading.Thread(target=lambda: seen.append(tf.name_scope.current()))
        worker.start()
        worker.join()
        assert tf.name_scope.current() == "outer/"
    assert seen == [""]

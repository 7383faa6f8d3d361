"""The ``Layer`` contract: variables, lazy building, tracking, freezing, ``training``, dtypes, configs."""

import warnings

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras


class Linear(keras.layers.Layer):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b", trainable=False)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b


def test_keras_variable_is_a_tf_variable_with_keras_names():
    keras.backend.clear_session()
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    kernel = layer.kernel
    assert isinstance(kernel, tf.Variable) and isinstance(kernel, keras.Variable)
    assert (kernel.name, kernel.path, kernel.shape, kernel.dtype) == ("kernel", "dense/kernel", (3, 2), "float32")
    assert repr(kernel).startswith("<Variable path=dense/kernel, shape=(3, 2), dtype=float32, value=[[")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.matmul(tf.ones((1, 3)), kernel))
    np.testing.assert_array_equal(tape.gradient(y, kernel).numpy(), np.ones((3, 2)))
    kernel.assign(np.zeros((3, 2)))
    kernel.assign_add(tf.ones((3, 2)))
    np.testing.assert_array_equal(kernel.value.numpy(), np.ones((3, 2)))
    kernel.trainable = False
    assert layer.trainable_weights == [layer.bias]
    v = keras.Variable(initializer="ones", shape=(2,), dtype="float64", name="v")
    assert v.dtype == tf.float64 and v.path == "v"
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        keras.Variable(1.0, name="a/b")


def test_lazy_build_and_build_config():
    layer = Linear()
    assert not layer.built and layer.weights == []
    y = layer(np.ones((4, 3), "float32"))
    assert layer.built and y.shape == (4, 2)
    assert layer.get_build_config() == {"input_shape": (4, 3)}
    assert [w.path for w in layer.weights] == ["linear/w", "linear/b"]
    assert (len(layer.trainable_weights), len(layer.non_trainable_weights)) == (1, 1)
    with pytest.raises(ValueError, match="You cannot add new elements of state"):
        layer.add_weight(shape=(1,), name="late")
    with pytest.raises(ValueError, match="`name` must be passed as a keyword argument"):
        Linear().add_weight("kernel", (2, 2))


def test_forgetting_super_init_is_reported():
    class Broken(keras.layers.Layer):
        def __init__(self):
            self.units = 2

    with pytest.raises(RuntimeError, match="you forgot to call `super\\(\\).__init__\\(\\)`"):
        Broken().add_weight(shape=(1,))


def test_tracking_of_sublayers_lists_and_dicts():
    class Block(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.stack = []
            self.stack.append(keras.layers.Dense(3))
            self.heads = {"a": keras.layers.Dense(1)}
            self.heads["b"] = keras.layers.Dense(2)

        def call(self, x):
            x = self.stack[0](x)
            return self.heads["a"](x) + self.heads["b"](x)

    block = Block()
    block(np.ones((2, 4), "float32"))
    assert len(block._layers) == 3 and len(block.weights) == 6
    assert all(w.path.startswith("block/") for w in block.weights)


def test_training_argument_is_passed_down():
    seen = []

    class Probe(keras.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Outer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.probe = Probe()

        def call(self, x, training=None):
            return self.probe(x)

    outer = Outer()
    outer(tf.ones((1,)), training=True)
    outer(tf.ones((1,)))
    outer(tf.ones((1,)), training=False)
    assert seen == [True, None, False]


def test_dropout_and_models_obey_training():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((100,))
    model = keras.Model(inputs, keras.layers.Dropout(0.5)(inputs))
    x = np.ones((1, 100), "float32")
    np.testing.assert_array_equal(model(x).numpy(), x)
    dropped = model(x, training=True).numpy()
    assert set(np.unique(dropped)) <= {0.0, 2.0} and 20 < (dropped == 0).sum() < 80


def test_batch_normalization_training_and_frozen():
    bn = keras.layers.BatchNormalization(momentum=0.5)
    x = np.array([[1.0], [3.0]], "float32")
    bn(x, training=True)
    np.testing.assert_allclose(bn.moving_mean.numpy(), [1.0])
    np.testing.assert_allclose(bn.moving_variance.numpy(), [1.0])
    y = bn(x)  # inference: moving statistics
    np.testing.assert_allclose(y.numpy(), (x - 1.0) / np.sqrt(1.0 + 1e-3), rtol=1e-5)
    bn.trainable = False
    bn(x, training=True)  # a frozen BatchNormalization runs in inference mode, as in Keras 3
    np.testing.assert_allclose(bn.moving_mean.numpy(), [1.0])


def test_freezing_a_nested_model_for_transfer_learning():
    keras.backend.clear_session()
    base = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.BatchNormalization()],
                            name="base")
    model = keras.Sequential([base, keras.layers.Dense(2)])
    assert len(model.trainable_weights) == 6
    base.trainable = False
    assert [w.path for w in model.trainable_weights] == ["sequential/dense_1/kernel", "sequential/dense_1/bias"]
    assert len(model.non_trainable_weights) == 6
    for layer in base.layers[:1]:
        layer.trainable = True
    assert len(model.trainable_weights) == 4


def test_inputs_are_cast_to_the_layer_dtype():
    layer = keras.layers.Dense(2)
    assert layer(np.ones((1, 3))).dtype == tf.float32  # float64 data
    assert layer(tf.ones((1, 3), dtype=tf.float64)).dtype == tf.float32
    assert keras.layers.Dense(2, dtype="float64")(np.ones((1, 3))).dtype == tf.float64
    half = keras.layers.Dense(2, dtype="float16")
    assert half(np.ones((1, 3))).dtype == tf.float16 and half.kernel.dtype == tf.float16
    assert keras.layers.Dense(2, dtype="bfloat16")(np.ones((1, 3))).dtype == tf.bfloat16
    labels = keras.layers.Embedding(5, 2)(np.array([[1, 2]]))
    assert labels.dtype == tf.float32
    with pytest.raises(ValueError, match="Only input tensors may be passed as positional arguments"):
        layer([[1.0, 2.0, 3.0]])


def test_input_shape_argument_warns_as_keras():
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`/`input_dim` argument to a layer"):
        keras.layers.Dense(1, input_shape=[1])
    with pytest.warns(UserWarning):
        layer = keras.layers.Dense(1, input_dim=3)
    assert layer._input_shape_arg == (3,)


def test_weights_get_set_and_count():
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    weights = [np.arange(6, dtype="float32").reshape(3, 2), np.array([1.0, -1.0], "float32")]
    layer.set_weights(weights)
    for a, b in zip(layer.get_weights(), weights):
        np.testing.assert_array_equal(a, b)
    assert layer.count_params() == 8


def test_automatic_config_of_custom_layers():
    layer = Linear(units=4, name="lin")
    config = layer.get_config()
    assert config["units"] == 4 and config["name"] == "lin"
    assert Linear.from_config(config).units == 4

    class Holder(keras.layers.Layer):
        def __init__(self, thing, **kwargs):
            super().__init__(**kwargs)
            self.thing = thing

    with pytest.raises(NotImplementedError, match="must override `get_config\\(\\)`"):
        Holder(object()).get_config()


def test_clear_session_and_unique_names():
    keras.backend.clear_session()
    names = [keras.layers.Dense(1).name for _ in range(3)] + [keras.layers.Conv2D(1, 1).name]
    assert names == ["dense", "dense_1", "dense_2", "conv2d"]
    keras.backend.clear_session()
    assert keras.layers.Dense(1).name == "dense"
    assert keras.Sequential().name == "sequential"
    inputs = keras.Input((1,))
    assert keras.Model(inputs, keras.layers.Dense(1)(inputs)).name == "functional"


def test_subclassed_model_build_without_build_method_warns():
    class M(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = keras.layers.Dense(2)

        def call(self, x):
            return self.d(x)

    model = M()
    with pytest.warns(UserWarning, match="does not have a `build\\(\\)` method implemented"):
        model.build((None, 3))
    assert model.weights == []
    model(np.ones((1, 3), "float32"))
    assert len(model.weights) == 2


def test_config_namespace():
    assert keras.config.floatx() == "float32" and keras.backend.floatx() == "float32"
    assert keras.config.epsilon() == 1e-7 and keras.config.image_data_format() == "channels_last"
    keras.config.set_epsilon(1e-5)
    assert keras.backend.epsilon() == 1e-5
    keras.config.set_epsilon(1e-7)
    with pytest.raises(ValueError, match="Unknown `floatx` value"):
        keras.config.set_floatx("int8")
    with pytest.raises(ValueError, match="The `data_format` argument must be one of"):
        keras.config.set_image_data_format("nchw")
    assert keras.config.backend() == "tensorflow"


def test_tf_keras_and_from_import():
    import tensorflux

    assert tensorflux.keras is keras
    assert tensorflux.keras.layers.Dense is keras.layers.Dense
    assert keras.models.Sequential is keras.Sequential and keras.layers.MaxPool2D is keras.layers.MaxPooling2D


def test_warnings_are_not_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])

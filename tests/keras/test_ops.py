"""``keras.ops``: NumPy semantics on tensorflux's ops, and one graph node per call on KerasTensors."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

ops = keras.ops
X = np.arange(12, dtype="float32").reshape(3, 4) - 5.0


@pytest.mark.parametrize("name, ours, reference", [
    ("mean", lambda: ops.mean(X, axis=1), lambda: X.mean(axis=1)),
    ("sum", lambda: ops.sum(X, axis=(0, 1), keepdims=True), lambda: X.sum(axis=(0, 1), keepdims=True)),
    ("max", lambda: ops.max(X, axis=0), lambda: X.max(axis=0)),
    ("std", lambda: ops.std(X, axis=1), lambda: X.std(axis=1)),
    ("argmax", lambda: ops.argmax(X), lambda: np.argmax(X)),
    ("argmin", lambda: ops.argmin(X, axis=1, keepdims=True), lambda: np.argmin(X, axis=1)[:, None]),
    ("cumsum", lambda: ops.cumsum(X), lambda: np.cumsum(X)),
    ("clip", lambda: ops.clip(X, -1, 2), lambda: np.clip(X, -1, 2)),
    ("where", lambda: ops.where(X > 0, X, -X), lambda: np.where(X > 0, X, -X)),
    ("matmul", lambda: ops.matmul(X, X.T), lambda: X @ X.T),
    ("dot", lambda: ops.dot(X, X[0]), lambda: X.dot(X[0])),
    ("tensordot", lambda: ops.tensordot(X, X, axes=[[1], [1]]), lambda: np.tensordot(X, X, axes=[[1], [1]])),
    ("outer", lambda: ops.outer(X[0], X[1]), lambda: np.outer(X[0], X[1])),
    ("transpose", lambda: ops.transpose(X), lambda: X.T),
    ("reshape", lambda: ops.reshape(X, (2, -1)), lambda: X.reshape(2, -1)),
    ("expand_dims", lambda: ops.expand_dims(X, (0, 2)), lambda: np.expand_dims(X, (0, 2))),
    ("flip", lambda: ops.flip(X, axis=1), lambda: np.flip(X, axis=1)),
    ("swapaxes", lambda: ops.swapaxes(X[None], 0, 2), lambda: np.swapaxes(X[None], 0, 2)),
    ("moveaxis", lambda: ops.moveaxis(X[None], 0, -1), lambda: np.moveaxis(X[None], 0, -1)),
    ("concatenate", lambda: ops.concatenate([X, X], axis=1), lambda: np.concatenate([X, X], axis=1)),
    ("stack", lambda: ops.stack([X, X], axis=1), lambda: np.stack([X, X], axis=1)),
    ("split", lambda: ops.split(X, [1, 3], axis=1)[1], lambda: np.split(X, [1, 3], axis=1)[1]),
    ("tile", lambda: ops.tile(X, 2), lambda: np.tile(X, 2)),
    ("repeat", lambda: ops.repeat(X, 2, axis=0), lambda: np.repeat(X, 2, axis=0)),
    ("take", lambda: ops.take(X, [2, 0], axis=1), lambda: np.take(X, [2, 0], axis=1)),
    ("take_along_axis", lambda: ops.take_along_axis(X, np.array([[1], [0], [3]]), axis=1),
     lambda: np.take_along_axis(X, np.array([[1], [0], [3]]), axis=1)),
    ("pad", lambda: ops.pad(X, ((1, 0), (0, 2))), lambda: np.pad(X, ((1, 0), (0, 2)))),
    ("sort", lambda: ops.sort(-X, axis=1), lambda: np.sort(-X, axis=1)),
    ("norm", lambda: ops.norm(X, axis=1), lambda: np.linalg.norm(X, axis=1)),
    ("logsumexp", lambda: ops.logsumexp(X, axis=1), lambda: np.log(np.exp(X).sum(axis=1))),
    ("arange", lambda: ops.arange(1, 7, 2), lambda: np.arange(1, 7, 2)),
    ("eye", lambda: ops.eye(3, 4, k=1), lambda: np.eye(3, 4, k=1)),
    ("full", lambda: ops.full((2, 2), 7.0), lambda: np.full((2, 2), 7.0)),
    ("softmax", lambda: ops.softmax(X), lambda: np.exp(X) / np.exp(X).sum(axis=-1, keepdims=True)),
    ("relu", lambda: ops.relu(X), lambda: np.maximum(X, 0)),
    ("one_hot", lambda: ops.one_hot(np.array([0, 2]), 3), lambda: np.eye(3)[[0, 2]]),
    ("trace", lambda: ops.trace(X[:, :3]), lambda: np.trace(X[:, :3])),
    ("add_scalar", lambda: ops.add(X, 1), lambda: X + 1),
])
def test_op_matches_numpy(name, ours, reference):
    np.testing.assert_allclose(np.asarray(ours()), reference(), rtol=1e-5, atol=1e-5)


def test_losses_and_normalisation():
    target = np.array([[0.0, 1.0], [1.0, 0.0]], "float32")
    logits = np.array([[1.0, 2.0], [0.5, -1.0]], "float32")
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -(target * np.log(probabilities)).sum(axis=1)
    np.testing.assert_allclose(ops.categorical_crossentropy(target, logits, from_logits=True).numpy(), expected,
                               rtol=1e-5)
    np.testing.assert_allclose(ops.categorical_crossentropy(target, probabilities).numpy(), expected, rtol=1e-4)
    np.testing.assert_allclose(ops.sparse_categorical_crossentropy(np.array([1, 0]), logits, from_logits=True)
                               .numpy(), expected, rtol=1e-5)
    mean, var = ops.moments(X, axes=[0])
    np.testing.assert_allclose(mean.numpy(), X.mean(axis=0))
    np.testing.assert_allclose(var.numpy(), X.var(axis=0))


def test_conv_and_pool_ops():
    image = np.random.default_rng(0).standard_normal((1, 5, 5, 2)).astype("float32")
    kernel = np.random.default_rng(1).standard_normal((3, 3, 2, 4)).astype("float32")
    layer = keras.layers.Conv2D(4, 3, use_bias=False, padding="same")
    layer.build(image.shape)
    layer.set_weights([kernel])
    np.testing.assert_allclose(ops.conv(image, kernel, padding="same").numpy(), layer(image).numpy(), rtol=1e-5)
    assert ops.max_pool(image, 2).shape == (1, 2, 2, 2)
    assert ops.average_pool(image, 3, strides=1, padding="same").shape == (1, 5, 5, 2)
    assert ops.conv_transpose(image, np.ones((3, 3, 3, 2), "float32"), strides=2).shape == (1, 11, 11, 3)
    assert ops.image.resize(image, (10, 6)).shape == (1, 10, 6, 2)


def test_ops_on_keras_tensors_record_one_node_each():
    keras.backend.clear_session()
    inputs = keras.Input((4,))
    x = ops.relu(ops.add(inputs, 1.0))
    out = ops.mean(ops.softmax(x), axis=-1, keepdims=True)
    assert out.shape == (None, 1) and ops.shape(inputs) == (None, 4)
    model = keras.Model(inputs, out)
    assert [(op.name, type(op).__name__) for op in model.operations] == [
        ("input_layer", "InputLayer"), ("add", "Add"), ("relu", "Relu"), ("softmax", "Softmax"), ("mean", "Mean")]
    np.testing.assert_allclose(model(X).numpy(), np.full((3, 1), 0.25), rtol=1e-6)


def test_ops_are_differentiable():
    w = tf.Variable(X)
    with tf.GradientTape() as tape:
        loss = ops.sum(ops.square(ops.matmul(w, ops.transpose(w))))
    assert tape.gradient(loss, w).shape == (3, 4)

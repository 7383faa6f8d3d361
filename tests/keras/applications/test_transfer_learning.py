"""Every application trains: a frozen base with a new head, on real images (scikit-learn's digits)."""

import numpy as np
import pytest

from tensorflux import keras

datasets = pytest.importorskip("sklearn.datasets")


def colour_digits(count, scale, preprocess):
    """Digits 8x8 upscaled (each pixel a ``scale`` x ``scale`` block), in three channels, preprocessed."""
    data = datasets.load_digits()
    images = np.kron(data.images[:count], np.ones((scale, scale)))
    x = np.repeat(images[..., None], 3, axis=-1) * (255.0 / 16.0)
    return preprocess(x.astype("float32")), data.target[:count].astype("int64")


def calibrate_batch_norm(base, x) -> None:
    """Stands in for ImageNet weights: each batch norm's statistics set to those of its inputs on ``x``.

    With ``weights=None`` a frozen base runs its batch norms on their initial statistics (mean 0,
    variance 1), and through ~30 blocks the image's signal fades to nothing; pretrained weights
    come with statistics that fit their data, as these do.
    """
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            inputs = keras.Model(base.inputs, layer.input).predict(x, verbose=0)
            axes = tuple(range(inputs.ndim - 1))
            layer.moving_mean.assign(inputs.mean(axes))
            layer.moving_variance.assign(inputs.var(axes))


def _values(weights):
    return [np.array(w.numpy()) for w in weights]


@pytest.mark.parametrize("application, kwargs", [
    ("MobileNet", {"alpha": 0.25}),
    ("MobileNetV2", {"alpha": 0.35}),
], ids=["mobilenet", "mobilenetv2"])
def test_frozen_base_stays_put_while_the_head_learns(application, kwargs):
    x, y = colour_digits(600, 4, keras.applications.mobilenet.preprocess_input)  # 32x32x3
    keras.utils.set_random_seed(0)
    base = getattr(keras.applications, application)(input_shape=(32, 32, 3), include_top=False, weights=None,
                                                    pooling="avg", **kwargs)
    calibrate_batch_norm(base, x[:64])
    base.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    assert model.trainable_weights == model.layers[-1].trainable_weights
    frozen, head = _values(base.weights), _values(model.layers[-1].weights)
    history = model.fit(x, y, epochs=2, batch_size=64, verbose=0).history
    assert all(np.array_equal(a, b) for a, b in zip(frozen, _values(base.weights)))  # batch-norm statistics too
    assert not any(np.array_equal(a, b) for a, b in zip(head, _values(model.layers[-1].weights)))
    assert history["loss"][-1] < history["loss"][0]
    assert history["accuracy"][-1] > 0.2  # ten classes: chance is 0.1


def _moved_layers(model, fit):
    before = {layer.name: _values(layer.weights) for layer in model.layers}
    fit()
    return [layer.name for layer in model.layers
            if any(not np.array_equal(a, b) for a, b in zip(before[layer.name], _values(layer.weights)))]


def test_fine_tuning_mobilenet_top_block():
    """Freeze the first layers by index, train the rest: only those weights move."""
    x, y = colour_digits(256, 4, keras.applications.mobilenet.preprocess_input)
    keras.utils.set_random_seed(1)
    base = keras.applications.MobileNet(alpha=0.25, input_shape=(32, 32, 3), include_top=False, weights=None)
    calibrate_batch_norm(base, x[:64])
    names = [layer.name for layer in base.layers]
    cut = names.index("conv_pw_13")
    for layer in base.layers[:cut]:
        layer.trainable = False
    model = keras.Sequential([base, keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    moved = _moved_layers(base, lambda: model.fit(x, y, epochs=1, batch_size=64, verbose=0))
    assert moved == ["conv_pw_13", "conv_pw_13_bn"]


def test_fine_tuning_inception_like_the_course_notes():
    """InceptionV3 with layers[:249] frozen, as the notes do: mixed9 and mixed10 train, nothing else."""
    x, y = colour_digits(32, 10, keras.applications.inception_v3.preprocess_input)  # 80x80x3
    keras.utils.set_random_seed(2)
    base = keras.applications.InceptionV3(input_shape=(80, 80, 3), include_top=False, weights=None, pooling="avg")
    for layer in base.layers[:249]:
        layer.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    moved = _moved_layers(base, lambda: model.fit(x, y, epochs=1, batch_size=16, verbose=0))
    assert moved == [layer.name for layer in base.layers[249:] if layer.weights]

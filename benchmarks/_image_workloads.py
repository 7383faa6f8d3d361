"""The course notes' own-image workloads, written once against a ``keras`` module.

``bench_images.py`` imports this file in tensorflux's interpreter (``keras`` = ``tensorflux.keras``)
and in the reference one (``keras`` = ``tf.keras``), so both frameworks run the very same models.
Each workload is a ``(name, make)`` pair: ``make(keras)`` returns a zero-argument step function.
"""

from __future__ import annotations

import numpy as np

BATCH, SIZE, CLASSES = 16, 224, 4


def _batch():
    rng = np.random.default_rng(0)
    images = rng.random((BATCH, SIZE, SIZE, 3), dtype=np.float32)
    labels = np.eye(CLASSES, dtype=np.float32)[rng.integers(0, CLASSES, BATCH)]
    return images, labels


def scratch_cnn_train(keras):
    """The notes' from-scratch CNN (Conv2D 32/64/128/128 + MaxPooling2D, Dense 512, Dense 4), RMSprop."""
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
        layers.Conv2D(128, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
        layers.Conv2D(128, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
        layers.Flatten(), layers.Dropout(0.5),
        layers.Dense(512, activation="relu"), layers.Dense(CLASSES, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.RMSprop(1e-4), loss="binary_crossentropy")
    images, labels = _batch()
    return lambda: model.train_on_batch(images, labels)


def _mobilenet_head(keras):
    base = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(SIZE, SIZE, 3))
    base.trainable = False
    return keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                             keras.layers.Dense(CLASSES, activation="softmax")])


def mobilenet_v2_train(keras):
    """A frozen MobileNetV2 base with a new head, Adam, ``train_on_batch``."""
    model = _mobilenet_head(keras)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    images, labels = _batch()
    return lambda: model.train_on_batch(images, labels)


def mobilenet_v2_predict(keras):
    model = _mobilenet_head(keras)
    images, _ = _batch()
    return lambda: model.predict_on_batch(images)


def inception_v3_predict(keras):
    model = keras.applications.InceptionV3(weights=None, include_top=False, input_shape=(SIZE, SIZE, 3))
    images, _ = _batch()
    return lambda: model.predict_on_batch(images)


WORKLOADS = {
    "scratch CNN train_on_batch": scratch_cnn_train,
    "MobileNetV2 frozen train_on_batch": mobilenet_v2_train,
    "MobileNetV2 predict_on_batch": mobilenet_v2_predict,
    "InceptionV3 predict_on_batch": inception_v3_predict,
}


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def measure(keras, name, warmup=2, repeat=5) -> dict:
    """Seconds to build, the first step's seconds, then the median (and best) of ``repeat`` steps after
    ``warmup`` more, and the process's peak resident set (MB). Run in a fresh process per workload."""
    import time

    start = time.perf_counter()
    step = WORKLOADS[name](keras)
    built = time.perf_counter()
    step()
    first = time.perf_counter()
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return {"build_s": built - start, "first_step_s": first - built, "median_s": float(np.median(times)),
            "best_s": min(times), "peak_rss_mb": _peak_rss_mb()}

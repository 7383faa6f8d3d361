"""tf.data: keeping slow Python preprocessing off a training step's critical path, and streaming
more data than memory holds. The same pipeline code runs on tensorflux here and on TensorFlow
in the reference interpreter (a subprocess).

1. Overlap. 512 examples; each is preprocessed by a slow Python function (``py_function``: 2 ms
   of waiting, as for a file or network read, plus NumPy work on a 64x64x3 image); batches of
   32; a 15 ms "training step" that leaves the CPU free, as an accelerator's step does (a CPU-bound
   step would make the figures depend on what else this shared machine runs). Without
   parallelism every step waits for 32 preprocessings; with ``map(num_parallel_calls=AUTOTUNE)``
   and ``prefetch(AUTOTUNE)`` the preprocessing runs on worker threads while the step runs.
   Reported: steps per second.
2. Streaming. A generator yields 2 GiB in 1 MiB float32 batches, through a ``map`` and ``prefetch``,
   into ``model.fit`` (a Dense layer trained on each batch). Reported: MB/s, and the process's
   resident memory (RSS) before, at its peak during, and after the stream.

Run: ``python benchmarks/bench_data_pipeline.py`` (a minute or two; run it rarely on a shared machine).
"""

from __future__ import annotations

import json
import sys

from _harness import run_reference

WORKLOAD = r'''
import json, os, resource, threading, time
import numpy as np

EXAMPLES, BATCH, IMAGE = 512, 32, (64, 64, 3)
STREAM_BATCHES, STREAM_SHAPE = 2048, (256, 1024)  # 2048 x 1 MiB = 2 GiB


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def slow_preprocess(image):
    time.sleep(0.002)  # waiting on I/O: releases the GIL, as reading a file does
    image = np.asarray(image, np.float32) / 255.0
    image = (image - image.mean()) / (image.std() + 1e-6)
    return image[:, ::-1].copy()


def train_step(images, labels):
    value = float(np.asarray(images)[:, 0, 0, 0].sum()) + float(np.asarray(labels).sum())
    time.sleep(0.015)  # the accelerator computes; the CPU is free for the input pipeline
    return value


def pipeline(tf, fast):
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (EXAMPLES,) + IMAGE, dtype=np.uint8)
    labels = rng.integers(0, 10, EXAMPLES).astype(np.int32)
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    def prep(image, label):
        out = tf.py_function(slow_preprocess, [image], tf.float32)
        return out, label
    ds = ds.map(prep, num_parallel_calls=tf.data.AUTOTUNE if fast else None).batch(BATCH)
    return ds.prefetch(tf.data.AUTOTUNE) if fast else ds


def steps_per_second(tf, fast, epochs=2):
    ds = pipeline(tf, fast)
    for images, labels in ds.take(2):  # warm up
        train_step(images, labels)
    start, steps = time.perf_counter(), 0
    for _ in range(epochs):
        for images, labels in ds:
            train_step(images, labels)
            steps += 1
    return steps / (time.perf_counter() - start)


def step_only_per_second():
    images, labels = np.zeros((BATCH,) + IMAGE, np.float32), np.zeros(BATCH, np.int32)
    start = time.perf_counter()
    for _ in range(20):
        train_step(images, labels)
    return 20 / (time.perf_counter() - start)


def stream(tf):
    def batches():
        rng = np.random.default_rng(2)
        block = rng.standard_normal(STREAM_SHAPE).astype(np.float32)
        for i in range(STREAM_BATCHES):
            yield block + np.float32(i)  # a fresh 1 MiB array each time
    spec = tf.TensorSpec(STREAM_SHAPE, tf.float32)
    ds = tf.data.Dataset.from_generator(batches, output_signature=spec)
    ds = ds.map(lambda x: (x * 0.5 + 1.0, x[:, :1]), num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
    model = tf.keras.Sequential([tf.keras.Input((STREAM_SHAPE[1],)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    peak, stop = [rss_mb()], threading.Event()
    def watch():
        while not stop.is_set():
            peak.append(rss_mb())
            time.sleep(0.02)
    before = rss_mb()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    model.fit(ds, epochs=1, steps_per_epoch=STREAM_BATCHES, verbose=0)  # every batch goes through fit
    count = int(model.optimizer.iterations.numpy())
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    gib = count * np.prod(STREAM_SHAPE) * 4 / 2**30
    return {"batches": count, "GiB": gib, "MB_per_s": count * np.prod(STREAM_SHAPE) * 4 / 1e6 / seconds,
            "rss_before_MB": before, "rss_peak_MB": max(peak), "rss_after_MB": rss_mb()}


def measure(tf):
    return {"step_only": step_only_per_second(), "plain": steps_per_second(tf, fast=False),
            "parallel_prefetch": steps_per_second(tf, fast=True), "stream": stream(tf)}
'''


def ours() -> dict:
    import tensorflux as tf

    if not hasattr(tf, "py_function"):  # until the top-level namespace exports it
        from tensorflux.ops.py_function import py_function

        tf.py_function = py_function
    env: dict = {}
    exec(WORKLOAD, env)  # noqa: S102 - the same code runs on both frameworks
    return env["measure"](tf)


REFERENCE = "import tensorflow as tf\n" + WORKLOAD + "\nprint(json.dumps(measure(tf)))\n"


def main():
    results = {"tensorflux": ours()}
    theirs = run_reference(REFERENCE)
    if theirs is not None:
        results["TensorFlow"] = theirs
    print("\nOverlap: slow Python preprocessing (py_function, 512 examples, batch 32) + a 15 ms step")
    print(f"{'':<44}" + "".join(f"{name:>14}" for name in results))
    for key, label in (("step_only", "training step alone (steps/s)"),
                       ("plain", "map + batch (steps/s)"),
                       ("parallel_prefetch", "map(AUTOTUNE) + batch + prefetch (steps/s)")):
        print(f"{label:<44}" + "".join(f"{r[key]:>14.2f}" for r in results.values()))
    print("\nStreaming 2 GiB from a generator through map + prefetch into model.fit")
    for key in ("GiB", "MB_per_s", "rss_before_MB", "rss_peak_MB", "rss_after_MB"):
        print(f"{key:<44}" + "".join(f"{r['stream'][key]:>14.1f}" for r in results.values()))
    if "--json" in sys.argv:
        print(json.dumps(results))


if __name__ == "__main__":
    main()

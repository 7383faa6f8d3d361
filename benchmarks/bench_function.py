"""Training steps eager vs traced (``tf.function``), side by side with TensorFlow's tf.function.

Workloads: an MLP 784 -> 512 relu -> 10 with softmax cross-entropy and SGD, batch 128, and (when
the convolution kernels are present) the Keras MNIST convnet layers, batch 128. For tensorflux the
traced step's time is split into time inside kernels and time outside them (framework overhead),
and each framework's peak resident memory is measured in a fresh process.
Run: ``python benchmarks/bench_function.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time


from _harness import median_time, print_table, reference_python, run_reference

STEPS = 20

MODEL = r'''
import numpy as np
rng = np.random.default_rng(0)
def mlp_params():
    return [rng.normal(0, 0.05, (784, 512)).astype("float32"), np.zeros(512, "float32"),
            rng.normal(0, 0.05, (512, 10)).astype("float32"), np.zeros(10, "float32")]
def conv_params():
    return [rng.normal(0, 0.1, (3, 3, 1, 32)).astype("float32"), np.zeros(32, "float32"),
            rng.normal(0, 0.05, (3, 3, 32, 64)).astype("float32"), np.zeros(64, "float32"),
            rng.normal(0, 0.02, (1600, 10)).astype("float32"), np.zeros(10, "float32")]
x_mlp = rng.normal(size=(128, 784)).astype("float32")
x_conv = rng.normal(size=(128, 28, 28, 1)).astype("float32")
labels = rng.integers(0, 10, size=128).astype("int32")
def mlp_loss(tf, p, x, y):
    h = tf.nn.relu(tf.matmul(x, p[0]) + p[1])
    logits = tf.matmul(h, p[2]) + p[3]
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
def conv_loss(tf, p, x, y):
    h = tf.nn.relu(tf.nn.conv2d(x, p[0], 1, "VALID") + p[1])
    h = tf.nn.max_pool2d(h, 2, 2, "VALID")
    h = tf.nn.relu(tf.nn.conv2d(h, p[2], 1, "VALID") + p[3])
    h = tf.nn.max_pool2d(h, 2, 2, "VALID")
    logits = tf.matmul(tf.reshape(h, [-1, 1600]), p[4]) + p[5]
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
def make_step(tf, loss_fn, params):
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(tf, params, x, y)
        grads = tape.gradient(loss, params)
        for v, g in zip(params, grads):
            v.assign_sub(0.01 * g)
        return loss
    return step
'''


def _peak_rss(python, framework, workload) -> float | None:
    code = MODEL + f'''
import resource, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import {framework} as tf
params = [tf.Variable(a) for a in ({workload}_params())]
step = tf.function(make_step(tf, {workload}_loss, params))
x = x_{workload}
for _ in range(5):
    step(x, labels)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
'''
    done = subprocess.run([python, "-c", code], capture_output=True, text=True,
                          env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin", "PYTHONPATH": ""})
    if done.returncode != 0:
        print(done.stderr[-1500:], file=sys.stderr)
        return None
    return float(done.stdout.strip().splitlines()[-1])


def _kernel_share(step_fn, x, y) -> float:
    """The share of a traced step's time spent inside kernels (the rest is framework overhead)."""
    from tensorflux.framework import passes

    inside = [0.0]
    original = passes.Step.run

    def timed(self, slots):
        start = time.perf_counter()
        original(self, slots)
        inside[0] += time.perf_counter() - start

    passes.Step.run = timed
    try:
        step_fn(x, y)
        inside[0] = 0.0
        start = time.perf_counter()
        for _ in range(STEPS):
            step_fn(x, y)
        total = time.perf_counter() - start
    finally:
        passes.Step.run = original
    return 1 - inside[0] / total


def ours(workloads) -> dict:
    import tensorflux as tf

    scope: dict = {}
    exec(MODEL, scope)
    out = {}
    for name in workloads:
        x = scope[f"x_{name}"]
        params = [tf.Variable(a) for a in scope[f"{name}_params"]()]
        step = scope["make_step"](tf, scope[f"{name}_loss"], params)
        traced = tf.function(step)
        out[f"{name}_eager"] = median_time(lambda: step(x, scope["labels"]), repeat=5, number=STEPS // 4)
        out[f"{name}_traced"] = median_time(lambda: traced(x, scope["labels"]), repeat=5, number=STEPS // 4)
        out[f"{name}_overhead"] = _kernel_share(traced, x, scope["labels"])
    return out


def reference(workloads) -> dict:
    code = MODEL + f'''
import json, time, statistics
import tensorflow as tf
def median_time(fn, repeat=5, number=5):
    fn(); rounds = []
    for _ in range(repeat):
        s = time.perf_counter()
        for _ in range(number): fn()
        rounds.append((time.perf_counter() - s) / number)
    return statistics.median(rounds)
out = {{}}
for name in {list(workloads)!r}:
    params = [tf.Variable(a) for a in globals()[name + "_params"]()]
    step = make_step(tf, globals()[name + "_loss"], params)
    traced = tf.function(step)
    x = globals()["x_" + name]
    out[name + "_eager"] = median_time(lambda: step(x, labels), number={STEPS // 4})
    out[name + "_traced"] = median_time(lambda: traced(x, labels), number={STEPS // 4})
print(json.dumps(out))
'''
    return run_reference(code) or {}


def main() -> None:
    import tensorflux as tf

    workloads = ["mlp"] + (["conv"] if hasattr(tf.nn, "conv2d") else [])
    mine, ref = ours(workloads), reference(workloads)
    rows = []
    for name in workloads:
        rows.append((f"{name}: eager step", {"tensorflux": mine[f"{name}_eager"], "TensorFlow": ref.get(f"{name}_eager")}))
        rows.append((f"{name}: traced step", {"tensorflux": mine[f"{name}_traced"],
                                              "TensorFlow": ref.get(f"{name}_traced")}))
    print_table("Training step, batch 128 (median)", rows, columns=("tensorflux", "TensorFlow"), unit="ms", scale=1e3)
    for name in workloads:
        print(f"{name}: share of the traced step outside kernels: {mine[f'{name}_overhead']:.1%}")
    ref_python = reference_python()
    for name in workloads:
        ours_rss = _peak_rss(sys.executable, "tensorflux", name)
        tf_rss = _peak_rss(ref_python, "tensorflow", name) if ref_python else None
        print(f"{name}: peak RSS of a process running the traced step: tensorflux {ours_rss:.0f} MB, "
              f"TensorFlow {tf_rss:.0f} MB" if tf_rss else f"{name}: peak RSS tensorflux {ours_rss} MB")


if __name__ == "__main__":
    main()

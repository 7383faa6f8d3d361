"""``Model.fit`` throughput, side by side with TensorFlow's ``fit`` and a PyTorch training loop (CPU).

Workloads (issue "Training"), Adam, batch 128, sparse categorical cross-entropy, random data:

- (a) ``mlp``: 784 -> 512 relu -> 10 softmax.
- (b) ``convnet``: the Keras MNIST convnet, 28x28x1 -> Conv 32 3x3 relu -> MaxPool 2 -> Conv 64
  3x3 relu -> MaxPool 2 -> Flatten -> Dropout 0.5 -> Dense 10 softmax.

Prints samples per second (median over epochs after the first, which traces) and the share of
tensorflux's step spent outside the numeric kernels, measured two ways:

- directly: every kernel call of the traced step is timed (``Primitive.forward``), and the
  rest of the step's wall time (the plan's dispatch, the batches, callbacks) is framework;
- for (a), against the same step's arithmetic written in bare NumPy (the same matrix
  multiplies, softmax cross-entropy, gradients and Adam update, float32), run between the epochs:
  what no framework can avoid. (The direct figure counts kernels that bare NumPy would not run,
  such as casts; this one counts the batches' gathering as overhead.)

Run: ``python benchmarks/bench_fit.py [--workload mlp|convnet|both] [--epochs 4] [--threads N]``. Run it
once: the machine is shared. ``--threads`` gives every framework N threads (tensorflux and TF:
``tf.config.threading``; PyTorch: ``torch.set_num_threads``); by default each uses every core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import run_reference

BATCH = 128
SAMPLES = {"mlp": 12800, "convnet": 3840}
SHAPES = {"mlp": (784,), "convnet": (28, 28, 1)}

# The same models in the two Keras spellings: ``L`` is ``keras.layers`` of either framework.
MODELS = {
    "mlp": "[keras.Input((784,)), L.Dense(512, activation='relu'), L.Dense(10, activation='softmax')]",
    "convnet": ("[keras.Input((28, 28, 1)), L.Conv2D(32, 3, activation='relu'), L.MaxPooling2D(2), "
                "L.Conv2D(64, 3, activation='relu'), L.MaxPooling2D(2), L.Flatten(), L.Dropout(0.5), "
                "L.Dense(10, activation='softmax')]"),
}


def _data(workload, samples):
    rng = np.random.default_rng(0)
    x = rng.random((samples, *SHAPES[workload]), dtype=np.float32)
    y = rng.integers(0, 10, samples)
    return x, y


class _EpochTimer:
    def __init__(self):
        self.times = []

    def on_epoch_begin(self, *_):
        self.start = time.perf_counter()

    def on_epoch_end(self, *_):
        self.times.append(time.perf_counter() - self.start)


class _KernelClock:
    """Times every kernel call (``Primitive.forward``) while active: the numeric part of a step."""

    def __init__(self):
        from tensorflux.framework import primitive

        self.prims = list(primitive.REGISTRY.values()) + self._graph_nodes()
        self.seconds = 0.0

    @staticmethod
    def _graph_nodes():
        from tensorflux.framework import graph

        return [graph.READ_NODE, graph.CONST]

    def __enter__(self):
        self.saved = [p.forward for p in self.prims]
        for p in self.prims:
            p.forward = self._timed(p.forward)
        return self

    def _timed(self, kernel):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return kernel(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        run.ufunc = getattr(kernel, "ufunc", kernel if isinstance(kernel, np.ufunc) else None)
        return run

    def __exit__(self, *exc):
        for p, kernel in zip(self.prims, self.saved):
            p.forward = kernel


def tensorflux_fit(workload, epochs):
    """(samples/s, share of the step outside kernels, bare NumPy's step in seconds or None).

    For the MLP, bare NumPy's step runs between the epochs (untimed by them), so that both see
    the machine in the same state: it is shared, and its speed drifts by 2x within minutes.
    """
    from tensorflux import keras

    x, y = _data(workload, SAMPLES[workload])
    keras.utils.set_random_seed(0)
    L = keras.layers  # noqa: F841 (used by the model's source)
    model = keras.Sequential(eval(MODELS[workload]))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    timer = _EpochTimer()
    numpy_steps = []
    between = (lambda *_: numpy_steps.extend(numpy_step_times())) if workload == "mlp" else None
    callbacks = [keras.callbacks.LambdaCallback(on_epoch_begin=timer.on_epoch_begin, on_epoch_end=timer.on_epoch_end),
                 keras.callbacks.LambdaCallback(on_epoch_end=between)]
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=True, callbacks=callbacks)
    rate = len(x) / statistics.median(timer.times[1:])
    with _KernelClock() as clock:  # one more epoch, every kernel timed (the timing itself adds a little)
        start = time.perf_counter()
        model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=True)
        wall = time.perf_counter() - start
    return rate, 1 - clock.seconds / wall, statistics.median(numpy_steps) if numpy_steps else None


def numpy_step_times(repeat=30):
    """Seconds of each of ``repeat`` MLP training steps' arithmetic alone, in NumPy: what no framework can avoid."""
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 784), dtype=np.float32)
    y = rng.integers(0, 10, BATCH)
    params = [rng.standard_normal((784, 512)).astype(np.float32) * 0.05, np.zeros(512, np.float32),
              rng.standard_normal((512, 10)).astype(np.float32) * 0.05, np.zeros(10, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    one_hot = np.eye(10, dtype=np.float32)[y]

    def step(t):
        w1, b1, w2, b2 = params
        h = x @ w1 + b1
        a = np.maximum(h, 0)
        logits = a @ w2 + b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        np.mean(-np.log(np.sum(p * one_hot, axis=1)))
        d_logits = (p - one_hot) / np.float32(BATCH)
        grads = [None, None, a.T @ d_logits, d_logits.sum(axis=0)]
        d_h = (d_logits @ w2.T) * (h > 0)
        grads[0], grads[1] = x.T @ d_h, d_h.sum(axis=0)
        alpha = np.float32(0.001 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t))
        for p_, g, m_, v_ in zip(params, grads, m, v):
            m_ += (g - m_) * np.float32(0.1)
            v_ += (g * g - v_) * np.float32(0.001)
            p_ -= m_ * alpha / (np.sqrt(v_) + np.float32(1e-7))

    step(1)
    times = []
    for t in range(2, repeat + 2):
        start = time.perf_counter()
        step(t)
        times.append(time.perf_counter() - start)
    return times


REFERENCE = """
import json, os, statistics, time
import numpy as np
samples, epochs, batch, shape, threads = {samples}, {epochs}, {batch}, {shape}, {threads}
rng = np.random.default_rng(0)
x = rng.random((samples, *shape), dtype=np.float32)
y = rng.integers(0, 10, samples)
import keras, tensorflow as tf
if threads:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
keras.utils.set_random_seed(0)
L = keras.layers
model = keras.Sequential({model})
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
times = []
class T(keras.callbacks.Callback):
    def on_epoch_begin(self, e, logs=None): self.s = time.perf_counter()
    def on_epoch_end(self, e, logs=None): times.append(time.perf_counter() - self.s)
model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[T()])
tf_rate = samples / statistics.median(times[1:])
import torch
if threads:
    torch.set_num_threads(threads)
torch.manual_seed(0)
nn = torch.nn
if len(shape) == 1:
    net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    tx = torch.from_numpy(x)
else:  # channels first, as PyTorch's convolutions want
    net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    tx = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
ty = torch.from_numpy(y)
times = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.randperm(samples)
    for i in range(0, samples, batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(net(tx[idx]), ty[idx])
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - start)
print(json.dumps({{"tensorflow": tf_rate, "pytorch": samples / statistics.median(times[1:]),
                  "tf_version": tf.__version__, "torch_version": torch.__version__,
                  "threads": torch.get_num_threads()}}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=("mlp", "convnet", "both"), default="both")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--threads", type=int, default=0, help="threads per framework (0: every core)")
    args = parser.parse_args()
    if args.threads:
        import tensorflux as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    versions = ""
    for workload in ("mlp", "convnet") if args.workload == "both" else (args.workload,):
        ours, outside, kernels = tensorflux_fit(workload, args.epochs)
        reference = run_reference(REFERENCE.format(samples=SAMPLES[workload], epochs=args.epochs, batch=BATCH,
                                                   shape=SHAPES[workload], model=MODELS[workload],
                                                   threads=args.threads)) or {}
        versions = versions or (f"TensorFlow {reference['tf_version']}, PyTorch {reference['torch_version']} "
                                f"({reference['threads']} threads)" if reference else "")
        print(f"\nfit: {workload}, Adam, batch {BATCH}, {SAMPLES[workload]} samples, median of epochs 2..{args.epochs}")
        print(f"{'framework':<28}{'samples/s':>12}{'vs tensorflux':>16}")
        for name, rate in (("tensorflux fit", ours), ("TensorFlow 2 / Keras 3 fit", reference.get("tensorflow")),
                           ("PyTorch loop", reference.get("pytorch"))):
            print(f"{name:<28}{'-':>12}" if rate is None else f"{name:<28}{rate:>12.0f}{rate / ours:>15.2f}x")
        step = BATCH / ours
        print(f"step time: tensorflux {step * 1e3:.2f} ms; share outside numeric kernels, timed directly: "
              f"{outside:.1%}")
        if kernels is not None:
            print(f"  the same arithmetic in bare NumPy: {kernels * 1e3:.2f} ms -> share beyond it: "
                  f"{max(0.0, 1 - kernels / step):.1%}")
    if versions:
        print("\n" + versions)


if __name__ == "__main__":
    main()

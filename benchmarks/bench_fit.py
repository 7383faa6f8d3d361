"""``Model.fit`` throughput: an MLP 784 -> 512 relu -> 10 softmax, Adam, batch 128, in one run with
TensorFlow's ``fit`` and a PyTorch training loop (CPU).

Prints samples per second for each (median over epochs after the first, which traces), and the
share of tensorflux's step time spent outside the numeric kernels: one step's kernels written
directly in NumPy (the same matrix multiplies, softmax cross-entropy, gradients and Adam update,
float32) give the time the arithmetic needs; the rest of tensorflux's step is framework overhead.

Run: ``python benchmarks/bench_fit.py [--samples 12800] [--epochs 4]``. Run it once: the machine
is shared.
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


def _data(samples):
    rng = np.random.default_rng(0)
    x = rng.random((samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, samples)
    return x, y


class _EpochTimer:
    def __init__(self):
        self.times = []

    def on_epoch_begin(self, *_):
        self.start = time.perf_counter()

    def on_epoch_end(self, *_):
        self.times.append(time.perf_counter() - self.start)


def tensorflux_fit(samples, epochs):
    from tensorflux import keras

    x, y = _data(samples)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    timer = _EpochTimer()
    callback = keras.callbacks.LambdaCallback(on_epoch_begin=timer.on_epoch_begin, on_epoch_end=timer.on_epoch_end)
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=True, callbacks=[callback])
    return samples / statistics.median(timer.times[1:])


def numpy_step_seconds(repeat=30):
    """One training step's arithmetic alone, in NumPy: what no framework can avoid."""
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
    return statistics.median(times)


REFERENCE = """
import json, os, statistics, time
import numpy as np
samples, epochs, batch = {samples}, {epochs}, {batch}
rng = np.random.default_rng(0)
x = rng.random((samples, 784), dtype=np.float32)
y = rng.integers(0, 10, samples)
import keras, tensorflow as tf
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
times = []
class T(keras.callbacks.Callback):
    def on_epoch_begin(self, e, logs=None): self.s = time.perf_counter()
    def on_epoch_end(self, e, logs=None): times.append(time.perf_counter() - self.s)
model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[T()])
tf_rate = samples / statistics.median(times[1:])
import torch
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()
tx, ty = torch.from_numpy(x), torch.from_numpy(y)
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
                  "threads": torch.get_num_threads()}}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=12800)
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    ours = tensorflux_fit(args.samples, args.epochs)
    kernels = numpy_step_seconds()
    our_step = BATCH / ours
    reference = run_reference(REFERENCE.format(samples=args.samples, epochs=args.epochs, batch=BATCH)) or {}
    print(f"\nfit: MLP 784-512-10, Adam, batch {BATCH}, {args.samples} samples, median of epochs 2..{args.epochs}")
    print(f"{'framework':<28}{'samples/s':>12}{'vs tensorflux':>16}")
    for name, rate in (("tensorflux fit", ours), ("TensorFlow 2 / Keras 3 fit", reference.get("tensorflow")),
                       ("PyTorch loop", reference.get("pytorch"))):
        if rate is None:
            print(f"{name:<28}{'-':>12}")
        else:
            print(f"{name:<28}{rate:>12.0f}{rate / ours:>15.2f}x")
    print(f"\nstep time: tensorflux {our_step * 1e3:.2f} ms, the same arithmetic in bare NumPy {kernels * 1e3:.2f} ms"
          f" -> share outside numeric kernels: {max(0.0, 1 - kernels / our_step):.1%}")


if __name__ == "__main__":
    main()

"""Convolution forward + backward, side by side with TensorFlow and PyTorch (CPU) in one run.

Workloads (issue "Neural-network kernels"):

- (a) the classic Keras MNIST convnet layers: 28x28x1 -> Conv 32 3x3 (+bias, relu) -> MaxPool 2
  -> Conv 64 3x3 (+bias, relu) -> MaxPool 2, batch 128; gradients of the mean square of the
  output with respect to the four weights (a training step without the dense head).
- (b) a ResNet-style 3x3 convolution 64 -> 64 on 56x56, SAME, batch 32; gradients with respect
  to the input and the filter.

For each: median (and best) milliseconds per step, achieved GFLOP/s at the median (convolution
FLOPs only: forward, input and filter gradients), that as a fraction of this machine's float32
matrix-multiply peak (NumPy, measured in this same run), and the time ratio framework / tensorflux
(above 1: tensorflux is faster). TensorFlow runs eagerly (as tensorflux does) and inside
``tf.function``. Peak memory of (a): tensorflux's NumPy allocations (tracemalloc) and, for all
three, how far the process's resident set rises during four steps after a warm-up step (Linux
``VmHWM``). The TensorFlow and PyTorch parts run in the reference interpreter
(``~/.tfref/bin/python``) as subprocesses when this interpreter lacks them; the frameworks take
turns over ``--rounds`` rounds because the machine is shared and its speed drifts.

Run: ``python benchmarks/bench_convnet.py [--repeat 9] [--rounds 3] [--threads N]``. The machine's BLAS
settings (``OPENBLAS_*``) are used as found and printed; ``--threads 1`` compares the frameworks on
one core each, which is steadier where the cores are shared.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import reference_python, run_reference

# FLOPs of the convolutions (2 per multiply-add).
MNIST_FLOPS = 2 * (128 * 26 * 26 * 9 * 32) * 2 + 2 * (128 * 11 * 11 * 288 * 64) * 3  # conv1: fwd+dw; conv2: fwd+dx+dw
RESNET_FLOPS = 2 * (32 * 56 * 56 * 576 * 64) * 3  # forward, input gradient, filter gradient


def rss_growth_mb(step, steps=4):
    """How far the resident set rises above its level before ``steps`` calls (Linux VmHWM, reset first)."""
    def status(key):
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith(key))
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets the peak (VmHWM) to the current resident set
        before = status("VmRSS:")
    except OSError:
        return float("nan")
    for _ in range(steps):
        step()
    return (status("VmHWM:") - before) / 1024


# the same measurement, as source for the reference interpreter's snippets (braces escaped for format)
RSS_GROWTH = inspect.getsource(rss_growth_mb).replace("{", "{{").replace("}", "}}")


def _timings(step, repeat):
    step()
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        rounds.append(time.perf_counter() - start)
    return rounds


# ---------------------------------------------------------------------------------------------
# tensorflux.

def _tensorflux_mnist():
    import tensorflux as tf

    rng = np.random.default_rng(0)
    images = tf.constant(rng.random((128, 28, 28, 1), dtype=np.float32))
    w1 = tf.Variable(rng.standard_normal((3, 3, 1, 32)).astype(np.float32) * 0.3)
    b1 = tf.Variable(np.zeros(32, np.float32))
    w2 = tf.Variable(rng.standard_normal((3, 3, 32, 64)).astype(np.float32) * 0.05)
    b2 = tf.Variable(np.zeros(64, np.float32))

    def mnist():
        with tf.GradientTape() as tape:
            y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(images, w1, 1, "VALID"), b1))
            y = tf.nn.max_pool2d(y, 2, 2, "VALID")
            y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(y, w2, 1, "VALID"), b2))
            y = tf.nn.max_pool2d(y, 2, 2, "VALID")
            loss = tf.reduce_mean(y * y)
        return tape.gradient(loss, [w1, b1, w2, b2])

    return mnist


def _tensorflux_resnet():
    import tensorflux as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((32, 56, 56, 64), dtype=np.float32))
    w = tf.Variable(rng.standard_normal((3, 3, 64, 64), dtype=np.float32) * 0.05)

    def resnet():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.conv2d(x, w, 1, "SAME")
            loss = tf.reduce_sum(y * y)
        return tape.gradient(loss, [x, w])

    return resnet


def _tensorflux_memory():
    """Peak memory of (a), measured in a fresh process (so earlier workloads do not hide it)."""
    mnist = _tensorflux_mnist()
    mnist()  # first-use costs (BLAS buffers, caches) are not the step's
    grown = rss_growth_mb(mnist)
    tracemalloc.start()
    mnist()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"traced_peak_mb": peak / 2**20, "rss_growth_mb": grown}


def _memory_in_subprocess():
    import subprocess

    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--memory"], check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _numpy_peak(repeat):
    a = np.random.default_rng(1).random((2048, 2048), dtype=np.float32)
    b = np.random.default_rng(2).random((2048, 2048), dtype=np.float32)
    seconds = statistics.median(_timings(lambda: a @ b, repeat))
    return 2 * 2048**3 / seconds / 1e9


# ---------------------------------------------------------------------------------------------
# TensorFlow and PyTorch, in the reference interpreter.

TENSORFLOW = RSS_GROWTH + """
import json, os, sys, time
import numpy as np
import tensorflow as tf
THREADS = int(os.environ.get("BENCH_THREADS", "0"))
if THREADS:
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(THREADS)
REPEAT = {repeat}
def timings(step):
    step(); out = []
    for _ in range(REPEAT):
        s = time.perf_counter(); step(); out.append(time.perf_counter() - s)
    return out
rng = np.random.default_rng(0)
images = tf.constant(rng.random((128, 28, 28, 1), dtype=np.float32))
w1 = tf.Variable(rng.standard_normal((3, 3, 1, 32)).astype(np.float32) * 0.3); b1 = tf.Variable(np.zeros(32, np.float32))
w2 = tf.Variable(rng.standard_normal((3, 3, 32, 64)).astype(np.float32) * 0.05); b2 = tf.Variable(np.zeros(64, np.float32))
def mnist():
    with tf.GradientTape() as tape:
        y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(images, w1, 1, "VALID"), b1))
        y = tf.nn.max_pool2d(y, 2, 2, "VALID")
        y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(y, w2, 1, "VALID"), b2))
        y = tf.nn.max_pool2d(y, 2, 2, "VALID")
        loss = tf.reduce_mean(y * y)
    return tape.gradient(loss, [w1, b1, w2, b2])
mnist()
out = {{"rss_growth_mb": rss_growth_mb(mnist)}}
x = tf.constant(rng.standard_normal((32, 56, 56, 64), dtype=np.float32))
w = tf.Variable(rng.standard_normal((3, 3, 64, 64), dtype=np.float32) * 0.05)
def resnet():
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.conv2d(x, w, 1, "SAME")
        loss = tf.reduce_sum(y * y)
    return tape.gradient(loss, [x, w])
out["mnist_eager"] = timings(mnist)
out["mnist_function"] = timings(tf.function(mnist))
out["resnet_eager"] = timings(resnet)
out["resnet_function"] = timings(tf.function(resnet))
out["version"] = tf.__version__
out["onednn"] = os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)")
print(json.dumps(out))
"""

PYTORCH = RSS_GROWTH + """
import json, os, sys, time
import numpy as np
import torch
if int(os.environ.get("BENCH_THREADS", "0")):
    torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
REPEAT = {repeat}
def timings(step):
    step(); out = []
    for _ in range(REPEAT):
        s = time.perf_counter(); step(); out.append(time.perf_counter() - s)
    return out
rng = np.random.default_rng(0)
F = torch.nn.functional
images = torch.from_numpy(rng.random((128, 28, 28, 1), dtype=np.float32)).permute(0, 3, 1, 2).contiguous()
w1 = torch.from_numpy(rng.standard_normal((3, 3, 1, 32)).astype(np.float32) * 0.3).permute(3, 2, 0, 1).contiguous()
w2 = torch.from_numpy(rng.standard_normal((3, 3, 32, 64)).astype(np.float32) * 0.05).permute(3, 2, 0, 1).contiguous()
b1, b2 = torch.zeros(32), torch.zeros(64)
params = [p.requires_grad_() for p in (w1, b1, w2, b2)]
def mnist():
    y = F.max_pool2d(F.relu(F.conv2d(images, w1, b1)), 2)
    y = F.max_pool2d(F.relu(F.conv2d(y, w2, b2)), 2)
    return torch.autograd.grad((y * y).mean(), params)
mnist()
out = {{"rss_growth_mb": rss_growth_mb(mnist)}}
x = torch.from_numpy(rng.standard_normal((32, 56, 56, 64), dtype=np.float32)).permute(0, 3, 1, 2).contiguous()
x.requires_grad_()
w = (torch.from_numpy(rng.standard_normal((3, 3, 64, 64), dtype=np.float32)) * 0.05).permute(3, 2, 0, 1).contiguous()
w.requires_grad_()
def resnet():
    y = F.conv2d(x, w, padding=1)
    return torch.autograd.grad((y * y).sum(), [x, w])
out["mnist_eager"] = timings(mnist)
out["resnet_eager"] = timings(resnet)
out["version"] = torch.__version__
out["threads"] = torch.get_num_threads()
print(json.dumps(out))
"""


def _reference(code, repeat):
    """Runs a reference snippet here if this interpreter has the framework, else in the reference one."""
    module = "tensorflow" if "import tensorflow" in code else "torch"
    source = code.format(repeat=repeat)
    try:
        __import__(module)
    except ImportError:
        return run_reference(source)
    import subprocess

    done = subprocess.run([sys.executable, "-c", source], check=False, capture_output=True, text=True,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None


# ---------------------------------------------------------------------------------------------
# Report.

def _row(name, seconds, flops, peak, ours):
    ms, best = statistics.median(seconds) * 1e3, min(seconds) * 1e3
    gflops = flops / (ms / 1e3) / 1e9
    ratio = f"{ms / ours:6.2f}x" if ours else "      "
    return (f"  {name:<24}{ms:8.1f} ms (best {best:6.1f}){gflops:8.1f} GFLOP/s{100 * gflops / peak:6.1f} % of peak"
            f"  {ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed steps per framework and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (the machine is shared)")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for every framework (BLAS, TF intra-op, torch); default: as configured")
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)  # internal: (a)'s memory only
    args = parser.parse_args()
    if args.threads and os.environ.get("BENCH_THREADS") != str(args.threads):
        # BLAS reads its thread count when NumPy loads: start again with it set, for us and the references
        limits = {k: str(args.threads) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
        os.execve(sys.executable, [sys.executable, *sys.argv], dict(os.environ, BENCH_THREADS=str(args.threads),
                                                                   **limits))
    if args.threads:  # tensorflux's compiled kernels and BLAS, from its one setting
        import tensorflux as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    if args.memory:
        print(json.dumps(_tensorflux_memory()))
        return

    blas = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    print(f"NumPy {np.__version__}; BLAS environment: {blas or 'none set'}; "
          f"reference interpreter: {reference_python()}")
    mnist, resnet = _tensorflux_mnist(), _tensorflux_resnet()
    ours = {"mnist": [], "resnet": []}
    tf_runs, torch_runs, peaks = [], [], []
    for _ in range(args.rounds):
        peaks.append(_numpy_peak(args.repeat))
        ours["mnist"] += _timings(mnist, args.repeat)
        ours["resnet"] += _timings(resnet, args.repeat)
        tf_runs.append(_reference(TENSORFLOW, args.repeat))
        torch_runs.append(_reference(PYTORCH, args.repeat))
    peak = statistics.median(peaks)
    memory = _memory_in_subprocess()

    def merged(runs, key):
        values = [v for r in runs if r for v in r.get(key, [])]
        return values or None

    print(f"NumPy float32 matmul peak (2048^3, median of rounds): {peak:.1f} GFLOP/s")
    for workload, flops, title in (("mnist", MNIST_FLOPS, "(a) MNIST convnet layers, batch 128"),
                                   ("resnet", RESNET_FLOPS, "(b) 3x3 conv 64->64 on 56x56, batch 32")):
        print(f"\n{title}: forward + backward, {flops / 1e9:.2f} GFLOP of convolution per step"
              f"{'':>4}(ratio: time / tensorflux's)")
        base = statistics.median(ours[workload]) * 1e3
        print(_row("tensorflux (eager)", ours[workload], flops, peak, None))
        for label, runs, key in (("TensorFlow eager", tf_runs, f"{workload}_eager"),
                                 ("TensorFlow tf.function", tf_runs, f"{workload}_function"),
                                 ("PyTorch eager", torch_runs, f"{workload}_eager")):
            values = merged(runs, key)
            print(_row(label, values, flops, peak, base) if values else f"  {label:<26}   (not available)")
    print("\nPeak memory of (a):")
    print(f"  tensorflux: {memory['traced_peak_mb']:.1f} MB of NumPy buffers at once during a step (tracemalloc); "
          f"process RSS grew {memory['rss_growth_mb']:.1f} MB over its first steps")
    for label, runs in (("TensorFlow", tf_runs), ("PyTorch", torch_runs)):
        growth = [r["rss_growth_mb"] for r in runs if r]
        if growth:
            print(f"  {label}: process RSS grew {statistics.median(growth):.1f} MB over its first steps")
    versions = [f"TensorFlow {r['version']} (oneDNN {r['onednn']})" for r in tf_runs[:1] if r]
    versions += [f"PyTorch {r['version']} ({r['threads']} threads)" for r in torch_runs[:1] if r]
    print("\n" + "; ".join(versions))


if __name__ == "__main__":
    main()

"""Per-op overhead of eager execution, side by side with TensorFlow and PyTorch in one run.

Workloads (issue "Core engine"): an eager add of two 10-element float32 tensors, the same add
inside a recording tape, a tape round trip of 10 small ops plus the gradient, and the import time.
Run: ``python benchmarks/bench_eager.py``.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from _harness import median_time, print_table, reference_python, run_reference

ADD_CALLS, TAPE_ROUNDS, TAPE_OPS = 20000, 500, 1000


def ours() -> dict:
    import tensorflux as tf

    a = tf.constant(np.ones(10, np.float32))
    b = tf.constant(np.ones(10, np.float32))
    w = tf.Variable(np.ones(10, np.float32))
    out = {"add": median_time(lambda: tf.add(a, b), number=ADD_CALLS)}

    def adds_in_a_tape():  # a tape the size of a training step's, not one that grows without end
        with tf.GradientTape() as tape:
            tape.watch(a)
            for _ in range(TAPE_OPS):
                tf.add(a, b)

    out["add_in_tape"] = median_time(adds_in_a_tape, number=ADD_CALLS // TAPE_OPS) / TAPE_OPS

    def round_trip():
        with tf.GradientTape() as tape:
            y = w
            for _ in range(10):
                y = tf.multiply(y, b)
            s = tf.reduce_sum(y)
        tape.gradient(s, w)

    out["tape_10_ops"] = median_time(round_trip, number=TAPE_ROUNDS)
    x = np.ones(10, np.float32)
    out["numpy_add"] = median_time(lambda: np.add(x, x), number=ADD_CALLS)
    return out


REFERENCE = f"""
import json, time, statistics, numpy as np
def median_time(fn, repeat=7, number=1):
    fn(); rounds = []
    for _ in range(repeat):
        s = time.perf_counter()
        for _ in range(number): fn()
        rounds.append((time.perf_counter() - s) / number)
    return statistics.median(rounds)
import tensorflow as tf, torch
torch.set_num_threads(2)
out = {{}}
a = tf.constant(np.ones(10, np.float32)); b = tf.constant(np.ones(10, np.float32)); w = tf.Variable(np.ones(10, np.float32))
out["tf_add"] = median_time(lambda: tf.add(a, b), number={ADD_CALLS // 10})
def tf_adds_in_a_tape():
    with tf.GradientTape() as tape:
        tape.watch(a)
        for _ in range({TAPE_OPS}):
            tf.add(a, b)
out["tf_add_in_tape"] = median_time(tf_adds_in_a_tape, number=2) / {TAPE_OPS}
def tf_round():
    with tf.GradientTape() as tape:
        y = w
        for _ in range(10): y = tf.multiply(y, b)
        s = tf.reduce_sum(y)
    tape.gradient(s, w)
out["tf_tape_10_ops"] = median_time(tf_round, number={TAPE_ROUNDS // 10})
ta = torch.ones(10); tb = torch.ones(10); tw = torch.ones(10, requires_grad=True)
with torch.no_grad():
    out["torch_add"] = median_time(lambda: torch.add(ta, tb), number={ADD_CALLS})
ta2 = torch.ones(10, requires_grad=True)
def torch_adds_in_a_graph():
    for _ in range({TAPE_OPS}):
        torch.add(ta2, tb)
out["torch_add_in_tape"] = median_time(torch_adds_in_a_graph, number={ADD_CALLS // TAPE_OPS}) / {TAPE_OPS}
def torch_round():
    y = tw
    for _ in range(10): y = torch.mul(y, tb)
    y.sum().backward()
out["torch_tape_10_ops"] = median_time(torch_round, number={TAPE_ROUNDS})
print(json.dumps(out))
"""


def import_time(python: str, module: str) -> float | None:
    code = f"import time; s = time.perf_counter(); import {module}; print(time.perf_counter() - s)"
    times = []
    for _ in range(5):
        done = subprocess.run([python, "-c", code], capture_output=True, text=True,
                              env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
        if done.returncode != 0:
            return None
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return sorted(times)[len(times) // 2]


def main() -> None:
    mine = ours()
    ref = run_reference(REFERENCE) or {}
    rows = [
        ("tf.add, 10 floats", {"tensorflux": mine["add"], "TensorFlow": ref.get("tf_add"),
                               "PyTorch": ref.get("torch_add"), "NumPy": mine["numpy_add"]}),
        ("tf.add inside a tape (1,000/tape)", {"tensorflux": mine["add_in_tape"], "TensorFlow": ref.get("tf_add_in_tape"),
                                  "PyTorch": ref.get("torch_add_in_tape")}),
        ("tape: 10 ops + gradient", {"tensorflux": mine["tape_10_ops"], "TensorFlow": ref.get("tf_tape_10_ops"),
                                     "PyTorch": ref.get("torch_tape_10_ops")}),
    ]
    print_table("Eager overhead (median per call)", rows, columns=("tensorflux", "TensorFlow", "PyTorch", "NumPy"))
    ref_python = reference_python()
    imports = {"tensorflux": import_time(sys.executable, "tensorflux")}
    if ref_python:
        imports["TensorFlow"] = import_time(ref_python, "tensorflow")
        imports["PyTorch"] = import_time(ref_python, "torch")
    print_table("Import time (median of 5 fresh interpreters)", [("import", imports)], unit="s ", scale=1.0)


if __name__ == "__main__":
    main()

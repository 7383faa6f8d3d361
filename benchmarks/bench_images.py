"""The course notes' own-image models, side by side with TensorFlow (Keras 3) in one run.

Batch 16 of 224x224x3, as in the convnet issue: the from-scratch CNN and a frozen MobileNetV2
base with a new head (``train_on_batch``), that MobileNetV2 and InceptionV3 (``predict_on_batch``).
Each workload runs in a fresh process per framework: the time to build the model, its first
step (for tensorflux that includes compiling kernels; ``--cold`` empties Numba's cache first),
the median and best of 5 steps after 2 warm-up steps, and the process's peak resident set.

Run: ``python benchmarks/bench_images.py [--threads N] [--cold] [--only NAME]``. ``--threads``
sets every framework's threads (tensorflux and TF: intra-op threads; TF's inter-op threads too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from _harness import reference_python  # noqa: E402
from _image_workloads import WORKLOADS  # noqa: E402

# One snippet for both interpreters: FRAMEWORK is "tensorflux" or "tensorflow".
SNIPPET = """
import json, sys
sys.path.insert(0, {here!r})
import _image_workloads as w
import {framework} as tf
threads = {threads}
if threads:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
keras = tf.keras
print(json.dumps(w.measure(keras, {name!r})))
"""


def run(python, framework, name, threads, env=None):
    code = SNIPPET.format(here=HERE, framework=framework, threads=threads, name=name)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **(env or {}))
    if framework == "tensorflow":
        env["PYTHONPATH"] = ""
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(result):
    if result is None:
        return f"{'-':>30}"
    return (f"{result['median_s'] * 1e3:8.0f} ms ({result['best_s'] * 1e3:5.0f})"
            f" {result['first_step_s']:5.1f} s {result['peak_rss_mb']:6.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="threads per framework (0: every core)")
    parser.add_argument("--cold", action="store_true", help="empty kernel cache for tensorflux (compile time)")
    parser.add_argument("--only", action="append", help="run only workloads whose name contains this")
    parser.add_argument("--no-reference", action="store_true", help="tensorflux only")
    args = parser.parse_args()
    names = [n for n in WORKLOADS if not args.only or any(o.lower() in n.lower() for o in args.only)]
    reference = None if args.no_reference else reference_python()
    print(f"batch 16 of 224x224x3; threads: {args.threads or 'all cores'}; "
          f"{'cold' if args.cold else 'warm'} kernel cache for tensorflux")
    print(f"{'workload':<36}{'tensorflux: median (best), first step, peak RSS':>50}{'TensorFlow':>50}{'TF/ours':>9}")
    for name in names:
        env = {}
        if args.cold:
            env["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="tfx-cold-cache-")
        ours = run(sys.executable, "tensorflux", name, args.threads, env)
        theirs = run(reference, "tensorflow", name, args.threads) if reference else None
        ratio = f"{theirs['median_s'] / ours['median_s']:8.2f}x" if ours and theirs else f"{'-':>9}"
        print(f"{name:<36}{_cell(ours):>50}{_cell(theirs):>50}{ratio}", flush=True)
    print("(TF/ours above 1: tensorflux is faster. First step includes tracing; for tensorflux, compiling"
          " kernels into an empty cache with --cold.)")


if __name__ == "__main__":
    main()

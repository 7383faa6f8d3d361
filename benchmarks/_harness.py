"""Shared benchmark plumbing: timing with medians, and running the TensorFlow/PyTorch side of a
comparison in the reference interpreter (``../shared/tools/reference-env.sh``) as a subprocess.

Every benchmark prints one table: the workload, each framework's median, and the ratio to
tensorflux. The machine is noisy, so we report medians of several repeats, and ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REFERENCE_ENV_SCRIPT = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "reference-env.sh"


def median_time(fn, repeat: int = 7, number: int = 1, warmup: int = 1) -> float:
    """Median seconds per call of ``fn`` over ``repeat`` rounds of ``number`` calls."""
    for _ in range(warmup):
        fn()
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def reference_python() -> str | None:
    """The interpreter that has TensorFlow and PyTorch: $TFREF_PYTHON, or the reference env."""
    explicit = os.environ.get("TFREF_PYTHON")
    if explicit:
        return explicit
    default = Path.home() / ".tfref" / "bin" / "python"
    if default.exists():
        return str(default)
    if REFERENCE_ENV_SCRIPT.exists():
        try:
            return subprocess.run(["bash", str(REFERENCE_ENV_SCRIPT)], check=True, capture_output=True,
                                  text=True).stdout.strip().splitlines()[-1]
        except (subprocess.CalledProcessError, IndexError):
            return None
    return None


def run_reference(code: str, timeout: int = 1800) -> dict | None:
    """Runs ``code`` in the reference interpreter; the code prints one JSON object as its last line."""
    python = reference_python()
    if python is None:
        print("(TensorFlow/PyTorch reference environment not found: their columns are left empty)")
        return None
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH="")
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(title: str, rows: list[tuple], columns=("tensorflux", "TensorFlow", "PyTorch"), unit="µs",
                scale: float = 1e6) -> None:
    """Rows of (workload, {column: seconds or None}); prints medians and TF/tensorflux ratios."""
    print(f"\n{title}")
    head = f"{'workload':<34}" + "".join(f"{c:>14}" for c in columns) + f"{'TF / ours':>12}{'Torch / ours':>14}"
    print(head)
    print("-" * len(head))
    for name, values in rows:
        cells = "".join(f"{values.get(c) * scale:>12.2f}{unit:>2}" if values.get(c) is not None else f"{'-':>14}"
                        for c in columns)
        ours = values.get(columns[0])
        ratios = "".join(f"{values[c] / ours:>12.2f}x" if ours and values.get(c) else f"{'-':>13}"
                         for c in columns[1:3])
        print(f"{name:<34}{cells}{ratios}")

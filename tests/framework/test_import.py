"""What ``import tensorflux`` does to the process: little, and nothing heavy."""

import subprocess
import sys

import pytest

from tensorflux.framework import backend


def _run(code, **env):
    import os

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, **env})
    return done.stdout.strip()


def test_import_loads_neither_ml_dtypes_nor_optional_extras():
    # ml_dtypes 0.7 alone takes 0.7 s to import: it is loaded when bfloat16 is first used
    loaded = _run("import sys, tensorflux; print(sorted(m for m in ('ml_dtypes', 'scipy', 'h5py', 'PIL', 'cupy') "
                  "if m in sys.modules))")
    assert loaded == "[]"


def test_bfloat16_loads_ml_dtypes_on_first_use_and_ops_accept_it():
    out = _run("import tensorflux as tf; x = tf.constant([1.5, -2.0], tf.bfloat16); print(tf.nn.relu(x + x).numpy())")
    assert out == "[3 0]"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_is_kept_unless_the_environment_says_no():
    assert backend.KEEPS_FREED_MEMORY
    code = "from tensorflux.framework import backend; print(backend.KEEPS_FREED_MEMORY)"
    assert _run(code, TENSORFLUX_KEEP_FREED_MEMORY="0") == "False"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_steps_take_memory_the_process_already_holds():
    # three arrays of 64 MB (a 224x224 convnet's activations; above glibc's 32 MB mmap ceiling) made
    # and freed per step: glibc alone maps them afresh each time (tens of thousands of page faults over these
    # 20 steps); kept, their pages are faulted in once
    code = """
import resource, numpy as np, tensorflux
def step():
    a = np.ones(16 << 20, np.float32); b = np.ones(16 << 20, np.float32); c = a + b
    del a, b, c
step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    step()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""
    assert int(_run(code)) < 1000
    assert int(_run(code, TENSORFLUX_KEEP_FREED_MEMORY="0")) > 10000  # what the setting saves

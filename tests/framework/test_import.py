"""What ``import tensorflux`` does to the process: little, and nothing heavy."""

import subprocess
import sys


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

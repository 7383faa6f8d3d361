"""A process killed while saving leaves the previous file loadable; random damage to a ``.keras`` file
gives clean Python exceptions (each load in its own subprocess, under a timeout)."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensorflux import keras
from tensorflux.keras.saving import load_model

from . import saving_cases as cases

HERE = pathlib.Path(__file__).resolve().parent
TIMEOUT = 120

SAVE_CHILD = f"""
import os, signal, sys
sys.path.insert(0, {str(HERE)!r})
from tensorflux import keras
import saving_cases as cases
path, mode = sys.argv[1], sys.argv[2]
model = cases.all_layers_model(keras)
model.set_weights([w + 1.0 for w in model.get_weights()])
if mode == "die_inside_save":  # SIGKILL from inside the write, after some of the weights are written
    layer = [l for l in model.layers if l.weights][10]
    original = layer.save_own_variables
    def dying(store):
        original(store)
        os.kill(os.getpid(), signal.SIGKILL)
    layer.save_own_variables = dying
    model.save(path)
else:  # save again and again until killed from outside
    print("ready", flush=True)
    while True:
        model.save(path)
"""


def expected_outputs(model, inputs):
    return [np.asarray(x) for x in model(inputs, training=False)]


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The file a killed save must leave loadable, and the outputs it gives."""
    directory = tmp_path_factory.mktemp("kill")
    model = cases.all_layers_model(keras)
    path = directory / "model.keras"
    model.save(path)
    inputs = cases.all_layers_inputs(model)
    newer = cases.all_layers_model(keras)
    newer.set_weights([w + 1.0 for w in newer.get_weights()])
    return path, inputs, expected_outputs(model, inputs), expected_outputs(newer, inputs)


def _assert_loads_as_one_of(path, inputs, *candidates):
    outputs = expected_outputs(load_model(path), inputs)
    assert any(all(np.array_equal(a, b) for a, b in zip(outputs, candidate)) for candidate in candidates)


def _only_temporaries_beside(path):
    strays = [name for name in os.listdir(path.parent) if name != path.name]
    assert all(name.startswith(f".{path.name}.tmp-") for name in strays), strays


def test_sigkill_inside_save_leaves_previous_file_intact(previous):
    path, inputs, old, _ = previous
    before = path.read_bytes()
    child = subprocess.run([sys.executable, "-c", SAVE_CHILD, str(path), "die_inside_save"], capture_output=True,
                           timeout=TIMEOUT, check=False)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    assert path.read_bytes() == before
    _assert_loads_as_one_of(path, inputs, old)
    _only_temporaries_beside(path)


def _kill_at_random_moments(previous, trials, seed):
    path, inputs, old, new = previous
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        child = subprocess.Popen([sys.executable, "-c", SAVE_CHILD, str(path), "loop"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        try:
            assert child.stdout.readline().strip() == b"ready", child.stderr.read().decode()[-2000:]
            time.sleep(float(rng.uniform(0.05, 1.0)))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=TIMEOUT)
            child.stdout.close()
            child.stderr.close()
        _assert_loads_as_one_of(path, inputs, old, new)
        _only_temporaries_beside(path)


def test_sigkill_at_a_random_moment_of_repeated_saves(previous):
    _kill_at_random_moments(previous, trials=2, seed=0)


@pytest.mark.slow
def test_sigkill_at_many_random_moments(previous):
    _kill_at_random_moments(previous, trials=25, seed=1)


# --- random byte mutations -------------------------------------------------------------------------

LOAD_CHILD = """
import sys
from tensorflux.keras.saving import load_model
try:
    load_model(sys.argv[1])
    print("OK")
except (ValueError, TypeError) as e:
    print("CLEAN", type(e).__name__)
except Exception as e:
    print("UNCLEAN", type(e).__name__, str(e)[:300])
"""


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d"),
                              keras.layers.BatchNormalization(name="bn")], name="small")
    model.compile(optimizer="adam", loss="mse")
    path = tmp_path_factory.mktemp("fuzz") / "valid.keras"
    model.save(path)
    return path.read_bytes()


mutations = st.tuples(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1,
                               max_size=8),
                      st.one_of(st.none(), st.floats(0, 1)))


def _load_mutated(valid, edits, tmp_path_factory):
    changes, truncate = edits
    data = bytearray(valid)
    for where, value in changes:
        data[int(where * len(data))] = value
    if truncate is not None:
        data = data[: int(truncate * len(data))]
    sandbox = tmp_path_factory.mktemp("sandbox")
    target = sandbox / "target"
    target.mkdir()
    path = target / "mutated.keras"
    path.write_bytes(bytes(data))
    child = subprocess.run([sys.executable, "-c", LOAD_CHILD, str(path)], capture_output=True, timeout=TIMEOUT,
                           cwd=target, check=False)
    assert child.returncode == 0, child.stderr.decode()[-2000:]  # no crash, no signal
    outcome = child.stdout.decode().strip()
    assert outcome == "OK" or outcome.startswith("CLEAN"), outcome
    assert sorted(p.name for p in sandbox.rglob("*")) == ["mutated.keras", "target"]  # nothing written anywhere


@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(edits=mutations)
def test_random_byte_mutations_give_clean_errors(valid_bytes, tmp_path_factory, edits):
    _load_mutated(valid_bytes, edits, tmp_path_factory)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=mutations)
def test_many_random_byte_mutations_give_clean_errors(valid_bytes, tmp_path_factory, edits):
    _load_mutated(valid_bytes, edits, tmp_path_factory)

"""Kill tests: a ``fit`` with ``BackupAndRestore`` dies by SIGKILL at a random point, a second run
resumes from the backup, and its final weights equal those of a run that was never interrupted."""

import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

WORKER = os.path.join(os.path.dirname(__file__), "kill_worker.py")
TOTAL_BATCHES = 6 * 5  # kill_worker: 6 epochs of 5 batches
MODES = {"traced": [], "eager": ["--eager", "--unseeded"], "traced-unseeded": ["--unseeded"]}


def _run(backup_dir, out, *options, may_be_killed=False):
    """Runs the worker; True if it was killed (only allowed with ``may_be_killed``)."""
    result = subprocess.run([sys.executable, WORKER, str(backup_dir), str(out), *options], check=False,
                            capture_output=True, text=True, timeout=300)
    allowed = (0, -signal.SIGKILL) if may_be_killed else (0,)
    assert result.returncode in allowed, result.stderr
    return result.returncode == -signal.SIGKILL


def _weights(path):
    with np.load(path) as saved:
        return [saved[f"arr_{i}"] for i in range(len(saved.files))]


def _assert_same_weights(expected, path, context):
    got = _weights(path)
    assert len(got) == len(expected)
    for want, have in zip(expected, got):
        np.testing.assert_array_equal(have, want, err_msg=context)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Final weights of an uninterrupted run in each of ``MODES`` (each computed once, when first asked for)."""
    root, cache = tmp_path_factory.mktemp("reference"), {}

    def weights(mode):
        if mode not in cache:
            path = root / f"{mode}.npz"
            _run(root / f"backup-{mode}", path, *MODES[mode])
            cache[mode] = _weights(path)
        return cache[mode]

    return weights


def _kill_then_resume(tmp_path, reference, rng, save_freq, mode="traced", kills=1):
    """Kills the worker ``kills`` times at random batches (each resumed run dies again), then finishes."""
    backup_dir, out = tmp_path / "backup", tmp_path / "final.npz"
    options = ["--save-freq", str(save_freq), *MODES[mode]]
    plan = []
    for i in range(kills):
        at, before_save = rng.randint(1, TOTAL_BATCHES // kills), rng.random() < 0.5
        killed = _run(backup_dir, out, *options, "--kill-at", str(at), *(["--kill-before-save"] if before_save else []),
                      may_be_killed=True)
        plan.append((at, before_save, killed))
        # the first run trains from scratch, so it reaches its kill; a resumed one may finish first
        assert killed or i > 0, plan
    _run(backup_dir, out, *options)
    assert not os.path.exists(backup_dir)  # deleted at the end of training
    _assert_same_weights(reference(mode), out,
                         f"save_freq={save_freq} mode={mode} kills (batch, before save, killed)={plan}")


def test_killed_at_a_random_batch_resumes_to_the_same_weights(tmp_path, reference):
    seed = random.randrange(2**32)
    _kill_then_resume(tmp_path, reference, random.Random(seed), "epoch")


def test_killed_mid_epoch_with_a_step_frequency_resumes_to_the_same_weights(tmp_path, reference):
    seed = random.randrange(2**32)
    _kill_then_resume(tmp_path, reference, random.Random(seed), 2)


def test_unseeded_dropout_in_a_traced_step_resumes_exactly(tmp_path, reference):
    """Its stream lives in the traced function; the backup reaches it through SEEDS.traced."""
    _kill_then_resume(tmp_path, reference, random.Random(0), "epoch", "traced-unseeded")


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(8))
def test_many_kills(tmp_path, reference, trial):
    rng = random.Random(random.randrange(2**32))
    save_freq = rng.choice(["epoch", 1, 2, 3, 7])
    _kill_then_resume(tmp_path, reference, rng, save_freq, rng.choice(["traced", "eager"]), kills=rng.randint(1, 3))


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(6))
def test_killed_by_the_parent_after_a_random_delay(tmp_path, reference, trial):
    """An asynchronous SIGKILL: it may land anywhere, in the middle of writing a backup too."""
    rng = random.Random(random.randrange(2**32))
    save_freq = rng.choice(["epoch", 1, 3])
    backup_dir, out = tmp_path / "backup", tmp_path / "final.npz"
    delays = []
    for _ in range(2):
        process = subprocess.Popen([sys.executable, WORKER, str(backup_dir), str(out), "--save-freq", str(save_freq)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        delays.append(rng.uniform(0.5, 2.0))
        time.sleep(delays[-1])
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=300)
        assert process.returncode in (0, -signal.SIGKILL), stderr.decode()
    _run(backup_dir, out, "--save-freq", str(save_freq))
    _assert_same_weights(reference("traced"), out, f"save_freq={save_freq}, killed after {delays} s")

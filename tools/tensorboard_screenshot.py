"""A picture of TensorBoard showing a tensorflux training run: the end-to-end check that the real
``tensorboard`` reads what ``keras.callbacks.TensorBoard`` writes.

It fits a small classifier for a few epochs with the callback, starts ``tensorboard --logdir`` on
127.0.0.1 (a free port), waits until the server lists the runs, takes a headless-Chromium screenshot
of the scalars dashboard (the ``epoch_loss`` curves of the train and validation runs), and stops
the server.

Needs the ``tensorboard`` package and Chromium (Debian: ``apt-get install chromium``). Usage:

    python tools/tensorboard_screenshot.py [--output tensorboard_screenshot.png] [--logdir DIR] [--epochs 30]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def train(logdir: Path, epochs: int) -> None:
    """Fits a two-layer classifier of two Gaussian blobs, logging to ``logdir`` with the TensorBoard callback."""
    from tensorflux import keras
    from tensorflux.keras.callbacks.tensorboard import TensorBoard

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=512)
    x = (rng.normal(size=(512, 4)) + y[:, None] * 1.5).astype(np.float32)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.25, verbose=0,
              callbacks=[TensorBoard(log_dir=str(logdir), histogram_freq=1)])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_runs(url: str, process: subprocess.Popen, timeout: float = 60.0) -> list:
    """Polls the server's run list until it has runs (TensorBoard loads the logs in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tensorboard exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/data/runs", timeout=2) as response:
                runs = json.loads(response.read())
            if runs:
                return runs
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"tensorboard at {url} listed no runs within {timeout:.0f} s")


def screenshot(url: str, output: Path) -> None:
    chromium = next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)
    if chromium is None:
        raise FileNotFoundError("Chromium was not found (Debian: apt-get install chromium)")
    # --no-sandbox: Chromium refuses to run as root otherwise; the virtual time budget lets the
    # dashboard fetch and draw its charts before the picture is taken.
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={output}", "--window-size=1400,900", "--virtual-time-budget=15000", url],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=Path("tensorboard_screenshot.png"))
    parser.add_argument("--logdir", type=Path, help="where the run is logged (default: a temporary directory)")
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        logdir = args.logdir or Path(tmp) / "logs"
        train(logdir, args.epochs)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir),
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            runs = wait_for_runs(url, server)
            screenshot(f"{url}/#scalars&tagFilter=epoch_loss", args.output.resolve())
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"runs {runs}: screenshot of the scalars dashboard in {args.output}")


if __name__ == "__main__":
    main()

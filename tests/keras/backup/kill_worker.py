"""A small ``fit`` with ``BackupAndRestore``, run as a subprocess by the kill tests.

    python kill_worker.py BACKUP_DIR OUT.npz [--save-freq epoch|N] [--eager] [--unseeded] [--kill-at BATCH]
                          [--kill-before-save]

Trains a Dense model with Dropout on synthetic data (shuffle=True, fixed seeds) for 6 epochs,
then writes the final weights to OUT.npz. ``--eager`` trains with ``run_eagerly=True``;
``--unseeded`` gives Dropout no operation seed (only the global seed). ``--kill-at`` sends SIGKILL to itself after that many
batches in all (counted from the first batch this process trains); ``--kill-before-save`` places
the killer ahead of the backup callback, so an epoch's end dies before the backup is written.
"""

import argparse
import os
import signal

import numpy as np

from tensorflux import keras
from tensorflux.keras.callbacks.backup_and_restore import BackupAndRestore

EPOCHS = 6
BATCH_SIZE = 16
SAMPLES = 72  # 5 batches an epoch, the last one short


class KillAt(keras.callbacks.Callback):
    """SIGKILLs this process at the end of its ``at``-th batch (or the epoch's end that follows it)."""

    def __init__(self, at, at_epoch_end):
        super().__init__()
        self.at, self.at_epoch_end, self.seen = at, at_epoch_end, 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen == self.at and not self.at_epoch_end:
            os.kill(os.getpid(), signal.SIGKILL)

    def on_epoch_end(self, epoch, logs=None):
        if self.seen >= self.at and self.at_epoch_end:
            os.kill(os.getpid(), signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backup_dir")
    parser.add_argument("out")
    parser.add_argument("--save-freq", default="epoch")
    parser.add_argument("--eager", action="store_true")
    parser.add_argument("--unseeded", action="store_true")
    parser.add_argument("--kill-at", type=int, default=None)
    parser.add_argument("--kill-before-save", action="store_true")
    args = parser.parse_args()
    save_freq = args.save_freq if args.save_freq == "epoch" else int(args.save_freq)

    data = np.random.default_rng(0)
    x = data.normal(size=(SAMPLES, 10)).astype("float32")
    y = (x[:, :3].sum(axis=1) > 0).astype("int64") + (x[:, 3] > 1).astype("int64")

    keras.utils.set_random_seed(42)  # NumPy, Python's random and tf.random
    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.25, seed=None if args.unseeded else 7), keras.layers.Dense(3)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"], run_eagerly=args.eager)
    callbacks = [BackupAndRestore(args.backup_dir, save_freq=save_freq)]
    if args.kill_at is not None:
        killer = KillAt(args.kill_at, at_epoch_end=args.kill_before_save)
        callbacks = [killer] + callbacks if args.kill_before_save else callbacks + [killer]
    model.fit(x, y, epochs=EPOCHS, batch_size=BATCH_SIZE, shuffle=True, verbose=0, callbacks=callbacks)
    np.savez(args.out, *[w.numpy() for w in model.weights])


if __name__ == "__main__":
    main()

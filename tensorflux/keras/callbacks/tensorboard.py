"""``keras.callbacks.TensorBoard``: training curves, weight histograms and the model's conceptual graph
for ``tensorboard --logdir``, written by ``tf.summary`` as Keras 3 writes them.

Layout and tags (Keras 3's): ``<log_dir>/train`` gets ``epoch_<metric>`` (with ``epoch_learning_rate``)
at each epoch, ``batch_<metric>`` every ``update_freq`` batches, ``<weight path>/histogram`` (and
``/image``) every ``histogram_freq`` epochs and the ``keras`` model config at step 0;
``<log_dir>/validation`` gets ``epoch_<metric>`` of the validation data and, at the end of each
evaluation, ``evaluation_<metric>_vs_iterations`` at step ``optimizer.iterations``.

As in Keras, a batch-level ``update_freq`` makes the train (or validation) writer the default, with
``record_if(step % update_freq == 0)`` for the current batch number, so summaries written in ``call``
are recorded too — and, as in Keras, epoch-level summaries are then only recorded when the current
batch number is a multiple of ``update_freq``.
"""

from __future__ import annotations

import os
import time
import warnings

import numpy as np

from ... import summary
from ...summary.keras_support import keras_model_summary, log_weights
from ..api_export import keras_export
from .callback import Callback

_PROFILE_BATCH_ERROR = ("profile_batch must be a non-negative integer or 2-tuple of positive integers. A pair of "
                        "positive integers signifies a range of batches to profile. Found: {}")

# Embeddings are always the first layer with weights, so Keras names their checkpoint tensor this way.
_EMBEDDING_TENSOR_NAME = "layer_with_weights-0/embeddings/.ATTRIBUTES/VARIABLE_VALUE"


@keras_export(["keras.callbacks.TensorBoard"])
class TensorBoard(Callback):
    """Logs metrics, weight histograms and images, and the model's graph, for TensorBoard.

    Args:
        log_dir: the directory of the logs; ``train/`` and ``validation/`` runs are made under it.
        histogram_freq: every how many epochs to write weight histograms (0: never).
        write_graph: write the model's config, drawn by TensorBoard as its conceptual graph.
        write_images: also write the weights as images (with ``histogram_freq``).
        write_steps_per_second: also log training steps per second (per epoch, and per batch).
        update_freq: ``"epoch"``, ``"batch"`` or N: also log the batch logs every N batches.
        profile_batch: 0, a batch number or a ``(start, stop)`` pair; tensorflux has no profiler, so
            only the graphs traced in that range are written (tag ``batch_<stop>``), with a warning.
        embeddings_freq: every how many epochs to save the weights for the embedding projector.
        embeddings_metadata: a metadata file name, or a dict from ``Embedding`` layer names to them.

    >>> import tempfile
    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> logs = tempfile.mkdtemp()
    >>> _ = model.fit([[1.0], [2.0]], [2.0, 4.0], epochs=2, verbose=0,
    ...               callbacks=[TensorBoard(log_dir=logs)])
    >>> sorted(os.listdir(logs))
    ['train']
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None):
        super().__init__()
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._start_batch, self._stop_batch = _profile_range(profile_batch)
        self._should_trace = not (self._start_batch == 0 and self._stop_batch == 0)
        self._is_tracing = False
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._previous_epoch_iterations = 0.0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._writers = {}  # made on first use, so that no empty event file is left behind
        self._prev_summary_state = []  # the (as_default, record_if) contexts entered for batch-level logging

    # --- writers ---------------------------------------------------------------------------------

    def set_model(self, model):
        """Sets the model, opens fresh writers and writes the model's config if ``write_graph``."""
        super().set_model(model)
        self._log_write_dir = self.log_dir
        self._train_dir = os.path.join(self._log_write_dir, "train")
        self._val_dir = os.path.join(self._log_write_dir, "validation")
        self._writers = {}
        if self.write_graph:
            self._write_keras_model_summary()
        if self.embeddings_freq:
            self._configure_embeddings()

    @property
    def _train_writer(self):
        if "train" not in self._writers:
            self._writers["train"] = summary.create_file_writer(self._train_dir)
        return self._writers["train"]

    @property
    def _val_writer(self):
        if "val" not in self._writers:
            self._writers["val"] = summary.create_file_writer(self._val_dir)
        return self._writers["val"]

    def _write_keras_model_summary(self):
        # Only models whose config describes their graph: a subclassed model's does not.
        with self._train_writer.as_default():
            if type(self.model).__name__ in ("Functional", "Sequential"):
                keras_model_summary("keras", self.model, step=0)

    def _push_writer(self, writer, step):
        """Makes ``writer`` the default for batch-level summaries, recording every ``update_freq`` steps."""
        if self.update_freq == "epoch":
            return
        contexts = (writer.as_default(step), summary.record_if(lambda: step % self.update_freq == 0))
        self._prev_summary_state.append(contexts)
        for context in contexts:
            context.__enter__()

    def _pop_writer(self):
        if self.update_freq == "epoch":
            return
        for context in reversed(self._prev_summary_state.pop()):
            context.__exit__(None, None, None)

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()

    # --- hooks -----------------------------------------------------------------------------------

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0.0
        self._push_writer(self._train_writer, self._global_train_batch)

    def on_train_end(self, logs=None):
        self._pop_writer()
        if self._is_tracing:
            self._stop_trace()
        self._close_writers()

    def on_test_begin(self, logs=None):
        self._push_writer(self._val_writer, self._global_test_batch)

    def on_test_end(self, logs=None):
        optimizer = self.model.optimizer
        if optimizer and hasattr(optimizer, "iterations"):
            with self._val_writer.as_default():
                for name, value in logs.items():
                    summary.scalar(f"evaluation_{name}_vs_iterations", value, step=optimizer.iterations)
        self._pop_writer()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer(self._train_writer, self._global_train_batch)
        if self.write_steps_per_second:
            self._batch_start_time = time.time()
        if self._should_trace and self._global_train_batch == self._start_batch:
            self._start_trace()

    def on_train_batch_end(self, batch, logs=None):
        # Like Keras, these go to the default writer: the train writer when update_freq is batch-level.
        if self.write_steps_per_second:
            summary.scalar("batch_steps_per_second", 1.0 / (time.time() - self._batch_start_time),
                           step=self._global_train_batch)
        if isinstance(logs, dict):
            for name, value in logs.items():
                summary.scalar(f"batch_{name}", value, step=self._global_train_batch)
        if self._is_tracing and self._global_train_batch >= self._stop_batch:
            self._stop_trace()

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer(self._val_writer, self._global_test_batch)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = _as_float(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        """Writes the epoch's metrics, and the weights every ``histogram_freq`` epochs."""
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)

    # --- what is written -------------------------------------------------------------------------

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k: v for k, v in logs.items() if k.startswith("val_")}
        train_logs = self._collect_learning_rate(train_logs)
        if self.write_steps_per_second:
            train_logs["steps_per_second"] = self._compute_steps_per_second()
        if train_logs:
            with self._train_writer.as_default():
                for name, value in train_logs.items():
                    summary.scalar(f"epoch_{name}", value, step=epoch)
        if val_logs:
            with self._val_writer.as_default():
                for name, value in val_logs.items():
                    summary.scalar(f"epoch_{name[4:]}", value, step=epoch)

    def _collect_learning_rate(self, logs):
        from ..optimizers.optimizer import Optimizer

        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # a LossScaleOptimizer's own optimizer
        if hasattr(optimizer, "optimizers"):
            for opt in optimizer.optimizers:
                logs[f"learning_rate_{opt.name}"] = _as_float(opt.learning_rate)
        elif isinstance(optimizer, Optimizer):
            logs["learning_rate"] = _as_float(optimizer.learning_rate)
        return logs

    def _compute_steps_per_second(self):
        steps = _as_float(self.model.optimizer.iterations) - self._previous_epoch_iterations
        return float(np.float32(steps) / np.float32(time.time() - self._epoch_start_time))

    def _log_weights(self, epoch):
        from .. import config

        with self._train_writer.as_default():
            log_weights(self.model, epoch, self.write_images, config.image_data_format() == "channels_last")
            self._train_writer.flush()

    # --- embeddings ------------------------------------------------------------------------------

    def _configure_embeddings(self):
        """Writes ``projector_config.pbtxt`` (the text format of TensorBoard's ``ProjectorConfig``)."""
        from ..layers import Embedding

        metadata = self.embeddings_metadata
        entries = []
        for layer in self.model.layers:
            if isinstance(layer, Embedding):
                entry = f'  tensor_name: "{_EMBEDDING_TENSOR_NAME}"\n'
                path = metadata if isinstance(metadata, str) else (metadata or {}).pop(layer.name, None)
                if path is not None:
                    entry += f'  metadata_path: "{_pbtxt_string(path)}"\n'
                entries.append("embeddings {\n" + entry + "}\n")
        if metadata and not isinstance(metadata, str):
            raise ValueError("Unrecognized `Embedding` layer names passed to `keras.callbacks.TensorBoard` "
                             f"`embeddings_metadata` argument: {metadata.keys()}")
        os.makedirs(self._log_write_dir, exist_ok=True)
        with open(os.path.join(self._log_write_dir, "projector_config.pbtxt"), "w", encoding="utf-8") as f:
            f.write("".join(entries))

    def _log_embeddings(self, epoch):
        self.model.save_weights(os.path.join(self._log_write_dir, "train", f"keras_embedding.ckpt-{epoch}.weights.h5"))

    # --- profile_batch: graphs only ---------------------------------------------------------------

    def _start_trace(self):
        warnings.warn("tensorflux has no profiler: `profile_batch` writes only the graphs traced in its batches.",
                      stacklevel=3)
        summary.trace_on(graph=True, profiler=False)
        self._is_tracing = True

    def _stop_trace(self):
        with self._train_writer.as_default():
            summary.trace_export(name=f"batch_{self._stop_batch}", step=self._stop_batch)
        self._is_tracing = False


def _profile_range(profile_batch):
    """``(start, stop)`` of ``profile_batch``: an int, a pair, or a ``"start,stop"`` string, as Keras reads it."""
    batches = profile_batch
    if isinstance(batches, str):  # the legacy "start,stop" form; a part that is no number fails in int(), as in Keras
        batches = [int(part) for part in batches.split(",")]
    if isinstance(batches, int):
        start = stop = batches
    elif isinstance(batches, (tuple, list)) and len(batches) == 2:
        start, stop = batches
    else:
        raise ValueError(_PROFILE_BATCH_ERROR.format(profile_batch))
    if start < 0 or stop < start:
        raise ValueError(_PROFILE_BATCH_ERROR.format(profile_batch))
    return start, stop


def _as_float(value) -> float:
    """A Python float of a number, a tensor or a variable."""
    return float(np.asarray(value.numpy() if hasattr(value, "numpy") else value))


def _pbtxt_string(text: str) -> str:
    """``text`` escaped as protobuf's text format writes a string field (C escapes; control bytes in octal)."""
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "'": "\\'", "\\": "\\\\"}
    return "".join(special.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 or ord(c) == 127 else c) for c in str(text))

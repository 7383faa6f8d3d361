"""``Trainer``: what ``keras.Model`` adds for training — ``compile``, ``fit``, ``evaluate``, ``predict``.

``Model`` inherits from it (``class Model(Trainer, Layer)``, as in Keras 3). ``train_step`` reads
like the textbook (tape, forward, loss, gradients, optimizer, metrics); ``fit``/``evaluate``/
``predict`` are loops around ``train_step``/``test_step``/``predict_step``, which subclasses may
override. Steps run through ``tf.function`` unless ``run_eagerly=True``; a ``call`` that needs
Python control flow on tensors (not traceable until AutoGraph exists) makes ``fit`` fall back to
eager execution once, with a warning that says why.
"""

from __future__ import annotations

import warnings

import numpy as np

import tensorflux as tf
from tensorflux.framework import nest

from .compile_utils import CompileLoss, CompileMetrics, flatten_outputs
from .data_adapters import is_array_data, to_arrays, train_validation_split, unpack_x_y_sample_weight
from .epoch_iterator import EpochIterator


class Trainer:
    def __init__(self):
        _set(self, "_run_eagerly", False)
        _set(self, "_jit_compile", None)
        _set(self, "compiled", False)
        _set(self, "loss", None)
        _set(self, "optimizer", None)
        _set(self, "steps_per_execution", 1)
        _set(self, "stop_training", False)
        _set(self, "stop_evaluating", False)
        _set(self, "stop_predicting", False)
        _set(self, "_compile_loss", None)
        _set(self, "_compile_metrics", None)
        _set(self, "_loss_tracker", None)
        _set(self, "_eager_fallback", False)
        _set(self, "history", None)
        self._reset_functions()

    def _reset_functions(self):
        _set(self, "train_function", None)
        _set(self, "_multi_step_function", None)
        _set(self, "test_function", None)
        _set(self, "predict_function", None)

    # --- compile -----------------------------------------------------------------------------------

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value) -> None:
        _set(self, "_run_eagerly", bool(value))
        self._reset_functions()

    @property
    def jit_compile(self):
        return bool(self._jit_compile)

    @jit_compile.setter
    def jit_compile(self, value) -> None:
        _set(self, "_jit_compile", value)

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None,
                run_eagerly=False, steps_per_execution=1, jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: an optimizer name (``"sgd"``, ``"adam"`` …) or instance.
            loss: a loss name, function or ``Loss``; a list or dict for multi-output models.
            loss_weights: weights of each output's loss in the total.
            metrics: metric names, functions or ``Metric`` objects (a list, or per output).
            weighted_metrics: metrics that take ``sample_weight``/``class_weight`` into account.
            run_eagerly: run the steps as plain Python (no ``tf.function``), for debugging.
            steps_per_execution: how many training steps one traced call runs (the loop over the
                batches is unrolled into one graph); callbacks see one batch per call.
            jit_compile: accepted (there is no XLA here).

        >>> from tensorflux import keras
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        """
        from .. import optimizers

        _set(self, "optimizer", optimizers.get(optimizer))
        output_names = self._output_names()
        _set(self, "_compile_loss", CompileLoss(loss, loss_weights, output_names) if loss is not None else None)
        _set(self, "_compile_metrics", CompileMetrics(metrics, weighted_metrics, output_names)
             if metrics is not None or weighted_metrics is not None else None)
        from ..metrics import Mean

        _set(self, "_loss_tracker", Mean(name="loss"))
        _set(self, "loss", loss)
        _set(self, "_run_eagerly", bool(run_eagerly))
        _set(self, "_jit_compile", jit_compile)
        _set(self, "steps_per_execution", steps_per_execution)
        _set(self, "_compile_config", {"optimizer": optimizer, "loss": loss, "metrics": metrics,
                                       "loss_weights": loss_weights, "weighted_metrics": weighted_metrics,
                                       "run_eagerly": run_eagerly, "steps_per_execution": steps_per_execution,
                                       "jit_compile": jit_compile})
        _set(self, "compiled", True)
        _set(self, "_eager_fallback", False)
        self._reset_functions()

    def get_compile_config(self) -> dict:
        if not (self.compiled and hasattr(self, "_compile_config")):
            return {}
        from ..saving.serialization import serialize_keras_object

        return {k: serialize_keras_object(v) for k, v in self._compile_config.items()}

    def compile_from_config(self, config) -> None:
        if not config:
            return
        from ..saving.serialization import deserialize_keras_object

        def revive(value):
            if isinstance(value, dict) and "class_name" in value:
                return deserialize_keras_object(value)
            if isinstance(value, dict):
                return {k: revive(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [revive(v) for v in value]
            return value

        config = dict(config)
        for key in ("optimizer", "loss", "metrics", "weighted_metrics", "loss_weights"):
            if key in config:
                config[key] = revive(config[key])
        self.compile(**config)
        if self.built and self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    def _output_names(self):
        names = getattr(self, "output_names", None)
        return list(names) if names else None

    def _assert_compile_called(self):
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    # --- metrics -----------------------------------------------------------------------------------

    @property
    def metrics(self) -> list:
        """The loss tracker, the compiled metrics, the per-output loss trackers, then the layers' own metrics."""
        out = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)  # one entry, named "compile_metrics", as Keras 3
            if self._compile_loss is not None:
                out.extend(self._compile_loss.metrics)
        for m in _layer_metrics(self):
            if not any(m is x for x in out):
                out.append(m)
        return out

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.metrics]

    def _compiled_metric_objects(self) -> list:
        return list(self._compile_metrics.metrics) if self._compile_metrics is not None else []

    def reset_metrics(self) -> None:
        for m in self.metrics:
            m.reset_state()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss of the outputs plus the losses the layers added (regularizers)."""
        losses = []
        if self._compile_loss is not None:
            names = self._compile_loss.output_names
            loss = self._compile_loss(flatten_outputs(y, names), flatten_outputs(y_pred, names), sample_weight)
            if loss is not None:
                losses.append(loss)
        for loss in self.losses:
            losses.append(tf.cast(loss, "float32"))
        if not losses:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return losses[0] if len(losses) == 1 else tf.add_n(losses)

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        if self._compile_metrics is not None:
            names = self._compile_metrics.output_names
            self._compile_metrics.update_state(flatten_outputs(y, names), flatten_outputs(y_pred, names),
                                               sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    # --- steps -------------------------------------------------------------------------------------

    def _call(self, x, training):
        if getattr(self, "_call_has_training_arg", True):
            return self(x, training=training)
        return self(x)

    def train_step(self, data):
        """One update: forward under a tape, loss, gradients, optimizer, metrics; returns the logs."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self._call(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
            self._loss_tracker.update_state(loss, sample_weight=tf.shape(nest.flatten(x)[0])[0])
            if self.optimizer is not None:
                loss = self.optimizer.scale_loss(loss)
        trainable_weights = self.trainable_weights
        if trainable_weights:
            gradients = tape.gradient(loss, trainable_weights)
            self.optimizer.apply_gradients(zip(gradients, trainable_weights))
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self._call(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=tf.shape(nest.flatten(x)[0])[0])
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return self._call(x, training=False)

    def _make_function(self, step, attribute):
        """``step`` through ``tf.function`` (or eagerly); untraceable Python control flow → eager, once."""
        def one_step(data):  # a function of its own per model, so tracing is counted per model
            return step(data)

        traced = None if (self.run_eagerly or self._eager_fallback) else tf.function(one_step, reduce_retracing=True)

        def run(data):
            nonlocal traced
            if traced is None:
                return step(data)
            try:
                return traced(data)
            except tf.errors.OperatorNotAllowedInGraphError as e:
                traced = None
                self._warn_eager_fallback(e)
                return step(data)

        _set(self, attribute, run)
        return run

    def _warn_eager_fallback(self, error):
        if not self._eager_fallback:
            warnings.warn(f"Model '{self.name}' could not be traced into a graph, so it runs eagerly (slower): "
                          f"{error} Python control flow on tensor values (`if`/`while` on a tensor) needs AutoGraph, "
                          "which tensorflux does not have yet; use `tf.cond`/`tf.where` to keep graph speed, or "
                          "`run_eagerly=True` to silence this warning.", stacklevel=4)
        _set(self, "_eager_fallback", True)

    def _make_multi_step_function(self):
        """``steps_per_execution`` steps in one call: the loop over the batches is unrolled into one graph."""
        if self._multi_step_function is None:
            def steps(batches):
                logs = None
                for batch in batches:
                    logs = self.train_step(batch)
                return logs

            self._make_function(steps, "_multi_step_function")
        return self._multi_step_function

    def make_train_function(self, force=False):
        if self.train_function is not None and not force:
            return self.train_function
        return self._make_function(self.train_step, "train_function")

    def make_test_function(self, force=False):
        if self.test_function is not None and not force:
            return self.test_function
        return self._make_function(self.test_step, "test_function")

    def make_predict_function(self, force=False):
        if self.predict_function is not None and not force:
            return self.predict_function
        return self._make_function(self.predict_step, "predict_function")

    def _symbolic_build(self, batch):
        """Builds the model, the compiled losses/metrics and the optimizer from one batch, before any step.

        The loss is tried once on this batch, so that a loss that cannot fit the output is reported
        here, naming the shapes, and sparse labels out of range are reported at this batch.
        """
        x, y, _ = unpack_x_y_sample_weight(batch)
        compile_loss, compile_metrics = self._compile_loss, self._compile_metrics
        needs_outputs = (compile_loss is not None and not compile_loss.built) or \
            (compile_metrics is not None and not compile_metrics.built) or not self.built
        if needs_outputs:
            y_pred = self._call(x, training=False)
            names = self._output_names()
            y_pred_flat = flatten_outputs(y_pred, names)
            if y is not None:
                y_true_flat = flatten_outputs(y, names)
                if len(y_true_flat) != len(y_pred_flat):
                    raise ValueError(f"The model has {len(y_pred_flat)} output(s) but the targets `y` hold "
                                     f"{len(y_true_flat)} array(s).")
            else:
                y_true_flat = [None] * len(y_pred_flat)
            if compile_loss is not None and not compile_loss.built:
                compile_loss.output_names = compile_loss.output_names or names
                compile_loss.build(y_true_flat, y_pred_flat)
                if y is not None:
                    compile_loss.check_fits(y_true_flat, y_pred_flat)
            if compile_metrics is not None and not compile_metrics.built and y is not None:
                compile_metrics.output_names = compile_metrics.output_names or names
                compile_metrics.build(y_true_flat, y_pred_flat)
            if hasattr(self, "_clear_losses"):
                self._clear_losses()
        if self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    # --- fit / evaluate / predict ------------------------------------------------------------------

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1):
        """Trains the model for ``epochs`` epochs; returns the ``History``.

        >>> from tensorflux import keras
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> history = model.fit([1, 2, 3, 4, 10], [1, 4, 6, 8, 20], epochs=2, verbose=0)
        >>> len(history.history["loss"])
        2
        """
        from ..callbacks import CallbackList

        self._assert_compile_called()
        if validation_split and validation_data is None:
            if not is_array_data(x):
                raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found following "
                                 f"types in the input: {[type(x)]}")
            (x, y, sample_weight), validation_data = train_validation_split(
                (to_arrays(x, is_input=True), to_arrays(y), to_arrays(sample_weight)), validation_split)
        val_x = val_y = val_sample_weight = None
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
        epoch_iterator = EpochIterator(x, y, sample_weight=sample_weight, batch_size=batch_size,
                                       steps_per_epoch=steps_per_epoch, shuffle=shuffle, class_weight=class_weight)
        self._symbolic_build(epoch_iterator.first_batch())
        train_function = self.make_train_function()
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, verbose=verbose,
                                     epochs=epochs, steps=epoch_iterator.num_batches, model=self)
        val_iterator = None
        _set(self, "stop_training", False)
        callbacks.on_train_begin()
        training_logs = None
        logs = {}
        # where a backup restored by BackupAndRestore (in on_train_begin) says training stopped
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        initial_step = getattr(self, "_initial_step", None) or 0
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            for first, last, batches in _executions(epoch_iterator, self.steps_per_execution, initial_step):
                callbacks.on_train_batch_begin(first)
                logs = _pythonify(train_function(batches[0]) if len(batches) == 1 else
                                  self._make_multi_step_function()(batches))
                callbacks.on_train_batch_end(last, logs)
                if self.stop_training:
                    break
            initial_step = 0
            if epoch_iterator.ran_out:
                _set(self, "stop_training", True)
            epoch_logs = dict(self._metrics_result_or_logs(logs))
            if validation_data is not None and _should_eval(epoch, validation_freq):
                if val_iterator is None:
                    val_iterator = EpochIterator(val_x, val_y, sample_weight=val_sample_weight,
                                                 batch_size=validation_batch_size or batch_size,
                                                 steps_per_epoch=validation_steps, shuffle=False)
                val_logs = self._evaluate_with(val_iterator, callbacks, return_dict=True)
                epoch_logs.update({"val_" + name: value for name, value in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if self.optimizer is not None and epochs > 0:
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callbacks.on_train_end(logs=training_logs)
        return self.history

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict=False, **kwargs):
        """The loss and metrics on the data: a scalar, a list in ``metrics_names`` order, or a dict."""
        from ..callbacks import CallbackList

        self._assert_compile_called()
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        iterator = EpochIterator(x, y, sample_weight=sample_weight, batch_size=batch_size, steps_per_epoch=steps,
                                 shuffle=False)
        self._symbolic_build(iterator.first_batch())
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
                                     steps=iterator.num_batches, model=self)
        return self._evaluate_with(iterator, callbacks, return_dict)

    def _evaluate_with(self, iterator, callbacks, return_dict):
        test_function = self.make_test_function()
        _set(self, "stop_evaluating", False)
        callbacks.on_test_begin()
        logs = {}
        self.reset_metrics()
        iterator.reset()
        for step, batch in iterator:
            callbacks.on_test_batch_begin(step)
            logs = _pythonify(test_function(batch))
            callbacks.on_test_batch_end(step, logs)
            if self.stop_evaluating:
                break
        logs = self._metrics_result_or_logs(logs)
        callbacks.on_test_end(logs)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for ``x``, batch by batch, as NumPy arrays."""
        from ..callbacks import CallbackList

        iterator = EpochIterator(x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
                                     steps=iterator.num_batches, model=self)
        predict_function = self.make_predict_function()
        _set(self, "stop_predicting", False)
        callbacks.on_predict_begin()
        outputs = None
        for step, batch in iterator:
            callbacks.on_predict_batch_begin(step)
            batch_outputs = nest.map_structure(_to_numpy, predict_function(batch))
            outputs = _start(batch_outputs) if outputs is None else _append(outputs, batch_outputs)
            callbacks.on_predict_batch_end(step, {"outputs": batch_outputs})
            if self.stop_predicting:
                break
        if outputs is None:
            raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). Please use "
                             "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` "
                             "for more information of where went wrong, or file a issue/bug to `tf.keras`.")
        callbacks.on_predict_end()
        return _concatenate(outputs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on one batch; returns the logs (a scalar, a list, or a dict)."""
        self._assert_compile_called()
        iterator = EpochIterator(x, y, sample_weight=sample_weight, batch_size=_num_samples(x), shuffle=False,
                                 class_weight=class_weight)
        batch = iterator.first_batch()
        self._symbolic_build(batch)
        logs = _pythonify(self.make_train_function()(batch))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics on one batch (metrics accumulate until ``reset_metrics``)."""
        self._assert_compile_called()
        iterator = EpochIterator(x, y, sample_weight=sample_weight, batch_size=_num_samples(x), shuffle=False)
        batch = iterator.first_batch()
        self._symbolic_build(batch)
        logs = _pythonify(self.make_test_function()(batch))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """The model's outputs for one batch, as NumPy arrays."""
        batch = EpochIterator(x, batch_size=_num_samples(x), shuffle=False).first_batch()
        return nest.map_structure(_to_numpy, self.make_predict_function()(batch))

    def _metrics_result_or_logs(self, logs):
        metric_logs = _pythonify(self.get_metrics_result()) if self.compiled else {}
        if isinstance(logs, dict) and set(logs.keys()) == set(metric_logs.keys()):
            return metric_logs
        return logs

    def _flatten_metrics_in_order(self, logs):
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names += [m.name for m in metric.metrics]
            else:
                names.append(metric.name)
        results = [logs[n] for n in names if n in logs]
        results += [logs[k] for k in sorted(logs) if k not in names]
        return results[0] if len(results) == 1 else results


# --- helpers --------------------------------------------------------------------------------------

def _set(obj, name, value):
    """Sets internal state without the layer's tracking (optimizers and metrics are not sub-layers)."""
    object.__setattr__(obj, name, value)


def _layer_metrics(model) -> list:
    found = list(model.__dict__.get("_metrics", []))
    for layer in model.__dict__.get("_layers", []):
        found.extend(getattr(layer, "metrics", []))
    return found


def _executions(epoch_iterator, steps_per_execution, initial_step=0):
    """The epoch's batches in groups of ``steps_per_execution``: ``(first step, last step, batches)``."""
    group, first = [], None
    for step, batch in epoch_iterator:
        if step < initial_step:  # trained before a backup; drawn so that the epoch's order replays
            continue
        if not group:
            first = step
        group.append(batch)
        if len(group) == max(int(steps_per_execution or 1), 1):
            yield first, step, group
            group = []
    if group:
        yield first, first + len(group) - 1, group


def _pythonify(logs):
    """Log values as Python floats (scalars) or NumPy arrays; keys in alphabetical order, as Keras 3 reports."""
    if not isinstance(logs, dict):
        return logs
    out = {}
    for key in sorted(logs):
        value = logs[key]
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        out[key] = float(array) if array.ndim == 0 else array
    return out


def _should_eval(epoch, validation_freq) -> bool:
    epoch += 1
    if isinstance(validation_freq, int):
        return epoch % validation_freq == 0
    if isinstance(validation_freq, (list, tuple)):
        return epoch in validation_freq
    raise ValueError(f"Expected `validation_freq` to be a list or int. Received: validation_freq={validation_freq} "
                     f"of the type {type(validation_freq)}.")


def _num_samples(x) -> int:
    flat = [leaf for leaf in nest.flatten(to_arrays(x, is_input=True))]
    return int(flat[0].shape[0]) if flat else 1


def _to_numpy(value):
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


def _start(batch_outputs):
    """Per-output lists of batch outputs (the structure of the model's outputs, lists at the leaves)."""
    if isinstance(batch_outputs, dict):
        return {k: [v] for k, v in batch_outputs.items()}
    if isinstance(batch_outputs, (list, tuple)):
        return tuple([v] for v in batch_outputs) if isinstance(batch_outputs, tuple) else [[v] for v in batch_outputs]
    return [batch_outputs]


def _append(outputs, batch_outputs):
    if isinstance(batch_outputs, dict):
        return {k: outputs[k] + [batch_outputs[k]] for k in batch_outputs}
    if isinstance(batch_outputs, (list, tuple)):
        return type(batch_outputs)(acc + [b] for acc, b in zip(outputs, batch_outputs))
    return outputs + [batch_outputs]


def _concatenate(outputs):
    if isinstance(outputs, dict):
        return {k: np.concatenate(v, axis=0) for k, v in outputs.items()}
    if outputs and isinstance(outputs[0], list):
        return type(outputs)(np.concatenate(v, axis=0) for v in outputs)
    return np.concatenate(outputs, axis=0)

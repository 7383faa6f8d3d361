"""What ``compile`` sets up: the loss of every output (``CompileLoss``) and the metrics (``CompileMetrics``).

Both are built on the first batch, when the outputs' shapes are known: ``"accuracy"`` becomes
binary, categorical or sparse categorical accuracy from the label and output shapes, as Keras 3
decides; a loss that cannot fit an output is reported then, before any training step.
"""

from __future__ import annotations

import tensorflux as tf

from .. import losses as losses_module
from .. import metrics as metrics_module
from ..losses.reduction import squeeze_or_expand_to_same_rank


def flatten_outputs(y, output_names):
    """Outputs (or targets) as a list in the model's output order; dicts are read by output name."""
    if y is None:
        return None
    if isinstance(y, dict):
        names = output_names if output_names and set(y) <= set(output_names) else sorted(y)
        missing = [n for n in names if n not in y]
        if missing:
            raise ValueError(f"Expected keys {names} in the targets dict, but {missing} are missing.")
        return [y[n] for n in names]
    if isinstance(y, (list, tuple)):
        return list(y)
    return [y]


def _per_output(value, output_names, num_outputs, argument_name):
    """``loss``/``metrics``/``loss_weights`` spread over the outputs (one for all, a list, or a dict)."""
    if isinstance(value, dict):
        unknown = set(value) - set(output_names or ())
        if unknown:
            raise ValueError(f"In the dict argument `{argument_name}`, key '{min(unknown)}' does not correspond "
                             f"to any model output. Received:\n{argument_name}={value}")
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and num_outputs > 1:
        if len(value) != num_outputs:
            raise ValueError(f"For a model with multiple outputs, when providing the `{argument_name}` argument as a "
                             f"list, it should have as many entries as the model has outputs. Received:\n"
                             f"{argument_name}={value}\nof length {len(value)} whereas the model has {num_outputs} "
                             "outputs.")
        return list(value)
    return [value] * num_outputs


def resolve_loss(identifier):
    if identifier is None:
        return None
    loss = losses_module.get(identifier)
    if not isinstance(loss, losses_module.Loss):
        loss = losses_module.LossFunctionWrapper(loss, name=getattr(identifier, "__name__", None) or
                                                 getattr(loss, "__name__", "loss"))
    return loss


class CompileLoss:
    """The total loss: each output's loss (weighted by ``loss_weights``), summed; per-output trackers."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        if loss_weights is not None and not isinstance(loss_weights, (list, tuple, dict, float, int)):
            raise ValueError("Expected `loss_weights` argument to be a float (single output case) or a list or dict "
                             f"(multiple output case). Received instead: loss_weights={loss_weights} of type "
                             f"{type(loss_weights)}")
        self._user_loss = loss
        self._user_loss_weights = loss_weights
        self.output_names = output_names
        _validate_identifiers(loss, resolve_loss)
        self.built = False
        self.metrics = []

    def build(self, y_true, y_pred):
        num_outputs = len(y_pred)
        names = self.output_names or [f"output_{i + 1}" for i in range(num_outputs)]
        self.output_names = names
        self.losses = [resolve_loss(x) for x in _per_output(self._user_loss, names, num_outputs, "loss")]
        weights = self._user_loss_weights
        self.weights = _per_output(weights, names, num_outputs, "loss_weights") if weights is not None else \
            [None] * num_outputs
        active = [i for i, loss in enumerate(self.losses) if loss is not None]
        if not active:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        if len(active) > 1:
            self.metrics = [metrics_module.Mean(name=f"{names[i]}_loss") for i in active]
        self._active = active
        self.built = True

    def check_fits(self, y_true, y_pred):
        """Calls each loss once on the first batch; a mismatch becomes an error naming output and shapes."""
        for i in self._active:
            loss, y_t, y_p = self.losses[i], y_true[i], y_pred[i]
            if y_t is None:
                raise ValueError(f"The model output '{self.output_names[i]}' has a loss ({loss.name}) but no target "
                                 "was given for it.")
            try:
                _check_elementwise_shapes(loss, y_t, y_p)
                loss(y_t, y_p)
            except (ValueError, tf.errors.InvalidArgumentError) as e:
                if isinstance(e, tf.errors.InvalidArgumentError) and "label value" in str(e):
                    raise
                raise ValueError(f"The loss '{loss.name}' does not fit the output '{self.output_names[i]}': the "
                                 f"targets have shape {tuple(y_t.shape.as_list())} and the output has shape "
                                 f"{tuple(y_p.shape.as_list())}. {e}") from None

    def __call__(self, y_true, y_pred, sample_weight=None):
        sample_weights = flatten_outputs(sample_weight, self.output_names) if sample_weight is not None else None
        if sample_weights is not None and len(sample_weights) < len(y_pred):
            sample_weights = [sample_weights[0]] * len(y_pred)
        total = None
        trackers = iter(self.metrics)
        for i in self._active:
            s_w = sample_weights[i] if sample_weights is not None else None
            value = tf.cast(self.losses[i](y_true[i], y_pred[i], s_w), "float32")
            if self.metrics:
                next(trackers).update_state(value, sample_weight=tf.shape(y_pred[i])[0])
            if self.weights[i] is not None:
                value = value * self.weights[i]
            total = value if total is None else total + value
        return total


_ELEMENTWISE = ("mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                "mean_squared_logarithmic_error", "huber", "log_cosh", "binary_crossentropy",
                "binary_focal_crossentropy", "poisson", "hinge", "squared_hinge", "kl_divergence",
                "categorical_hinge", "cosine_similarity")


def _check_elementwise_shapes(loss, y_true, y_pred):
    """Element-wise losses need targets shaped like the output (up to axes of 1, which broadcast)."""
    fn = getattr(loss, "fn", None)
    if getattr(fn, "__name__", None) not in _ELEMENTWISE:
        return
    y_t, y_p = squeeze_or_expand_to_same_rank(tf.convert_to_tensor(y_true), tf.convert_to_tensor(y_pred))
    a, b = y_t.shape.as_list(), y_p.shape.as_list()
    if len(a) == len(b) and all(d1 is None or d2 is None or d1 == d2 or 1 in (d1, d2) for d1, d2 in zip(a[1:], b[1:])):
        return  # equal, or broadcastable as Keras allows
    raise ValueError(f"Shapes {tuple(a)} and {tuple(b)} are incompatible.")


def _validate_identifiers(value, resolve):
    """Unknown names fail at ``compile``, before any data is seen."""
    if isinstance(value, dict):
        values = value.values()
    elif isinstance(value, (list, tuple)):
        values = value
    else:
        values = [value]
    for v in values:
        if isinstance(v, (list, tuple)):
            _validate_identifiers(v, resolve)
        elif v is not None:
            resolve(v)


def is_binary_or_sparse_categorical(y_true, y_pred):
    y_t_rank, y_p_rank = y_true.shape.rank, y_pred.shape.rank
    y_t_last, y_p_last = y_true.shape[-1], y_pred.shape[-1]
    is_binary = y_p_last == 1
    is_sparse_categorical = y_t_rank < y_p_rank or (y_t_last == 1 and y_p_last > 1)
    return is_binary, is_sparse_categorical


def get_metric(identifier, y_true, y_pred):
    """A metric object for ``identifier``; ``"accuracy"``/``"acc"`` chosen by the shapes, as Keras 3."""
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            metric = metrics_module.BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = metrics_module.SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = metrics_module.CategoricalAccuracy(name=str(identifier))
    else:
        metric = metrics_module.get(identifier)
    if isinstance(identifier, str):
        name = identifier
    else:
        name = getattr(metric, "name", None) or getattr(metric, "__name__", None)
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric)
    metric.name = name
    return metric


class CompileMetrics:
    """``metrics`` and ``weighted_metrics`` of every output, with Keras 3's names (``out1_mae``)."""

    name = "compile_metrics"

    def __init__(self, metrics, weighted_metrics, output_names=None):
        self._user_metrics = metrics
        self._user_weighted_metrics = weighted_metrics
        self.output_names = output_names
        for value in (metrics, weighted_metrics):
            _validate_metrics(value)
        self.built = False
        self._flat_metrics = []
        self._flat_weighted_metrics = []

    def build(self, y_true, y_pred):
        num_outputs = len(y_pred)
        names = self.output_names or [f"output_{i + 1}" for i in range(num_outputs)]
        prefix = num_outputs > 1
        self._flat_metrics = self._build_lists(self._user_metrics, y_true, y_pred, names, prefix, "metrics")
        self._flat_weighted_metrics = self._build_lists(self._user_weighted_metrics, y_true, y_pred, names, prefix,
                                                        "weighted_metrics")
        self.built = True

    @staticmethod
    def _build_lists(user, y_true, y_pred, names, prefix, argument_name):
        if user is None:
            return [None] * len(y_pred)
        if len(y_pred) == 1 and isinstance(user, (list, tuple)):
            per_output = [user]
        elif isinstance(user, (list, tuple)) and not any(isinstance(m, (list, tuple, dict)) for m in user):
            per_output = [user] * len(y_pred)  # a flat list applies to every output
        else:
            per_output = _per_output(user, names, len(y_pred), argument_name)
        lists = []
        for i, identifiers in enumerate(per_output):
            if identifiers is None or y_true[i] is None:
                lists.append(None)
                continue
            identifiers = identifiers if isinstance(identifiers, (list, tuple)) else [identifiers]
            lists.append((names[i] if prefix else None,
                          [get_metric(m, y_true[i], y_pred[i]) for m in identifiers if m is not None]))
        return lists

    @property
    def metrics(self) -> list:
        return [m for group in self._flat_metrics + self._flat_weighted_metrics if group for m in group[1]]

    def update_state(self, y_true, y_pred, sample_weight=None):
        for group, y_t, y_p in zip(self._flat_metrics, y_true, y_pred):
            if group:
                for m in group[1]:
                    m.update_state(y_t, y_p)
        if sample_weight is not None:
            sample_weight = flatten_outputs(sample_weight, self.output_names)
            if len(sample_weight) < len(y_true):
                sample_weight = [sample_weight[0]] * len(y_true)
        else:
            sample_weight = [None] * len(y_true)
        for group, y_t, y_p, s_w in zip(self._flat_weighted_metrics, y_true, y_pred, sample_weight):
            if group:
                for m in group[1]:
                    m.update_state(y_t, y_p, s_w)

    def reset_state(self):
        for m in self.metrics:
            m.reset_state()

    def result(self) -> dict:
        if not self.built:
            return {}
        results = {}
        counters = {}
        for group in self._flat_metrics:
            if not group:
                continue
            for m in group[1]:
                name = f"{group[0]}_{m.name}" if group[0] else m.name
                if name not in counters:
                    counters[name] = 1
                else:
                    counters[name] += 1
                    name = f"{name}_{counters[name] - 1}"
                results[name] = m.result()
        for group in self._flat_weighted_metrics:
            if not group:
                continue
            for m in group[1]:
                name = f"{group[0]}_{m.name}" if group[0] else m.name
                if name in counters:
                    name = f"{group[0]}_weighted_{m.name}" if group[0] else f"weighted_{m.name}"
                    if name in counters:
                        counters[name] += 1
                        name = f"{name}_{counters[name] - 1}"
                counters.setdefault(name, 1)
                results[name] = m.result()
        return results


def _validate_metrics(value):
    if value is None:
        return
    if isinstance(value, dict):
        for v in value.values():
            _validate_metrics(v)
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _validate_metrics(v)
        return
    if isinstance(value, str) and value.lower() not in ("accuracy", "acc") and \
            metrics_module.ALL_OBJECTS.get(value) is None:
        raise ValueError(f"Could not interpret metric identifier: {value}")

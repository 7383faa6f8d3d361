"""Records real Keras 3 training numbers into ``tests/fixtures/training/*.json``.

Run it with the reference environment (it needs TensorFlow; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_training_fixtures.py

Each case is plain data — a class name, its keyword arguments, inputs — plus what Keras computed,
so that ``tests/keras/training`` rebuilds the same object with tensorflux and compares.
"""

from __future__ import annotations

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "training"
META = {"tensorflow": tf.__version__, "keras": keras.__version__}

Y_REG_TRUE = [[0.0, 1.0, 2.0], [1.5, -0.5, 3.0], [0.2, 0.8, 0.1], [2.0, 2.0, 0.0]]
Y_REG_PRED = [[0.5, 1.0, 1.0], [1.0, 0.5, 2.5], [0.3, 0.1, 0.4], [1.0, 2.5, 0.5]]
Y_BIN_TRUE = [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
Y_PROB = [[0.1, 0.6, 0.3], [0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.05, 0.15, 0.8]]
Y_LOGITS = [[1.0, 2.0, -1.0], [0.5, -0.5, 2.0], [-2.0, 0.0, 3.0], [0.1, 0.2, 0.3]]
Y_ONE_HOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
Y_SPARSE = [1, 0, 2, 1]
WEIGHTS = [1.0, 0.5, 2.0, 0.0]

LOSS_CASES = [
    ("MeanSquaredError", {}, Y_REG_TRUE, Y_REG_PRED),
    ("MeanAbsoluteError", {}, Y_REG_TRUE, Y_REG_PRED),
    ("MeanAbsolutePercentageError", {}, Y_REG_TRUE, Y_REG_PRED),
    ("MeanSquaredLogarithmicError", {}, Y_REG_TRUE, Y_REG_PRED),
    ("Huber", {}, Y_REG_TRUE, Y_REG_PRED),
    ("Huber", {"delta": 0.3}, Y_REG_TRUE, Y_REG_PRED),
    ("LogCosh", {}, Y_REG_TRUE, Y_REG_PRED),
    ("BinaryCrossentropy", {}, Y_BIN_TRUE, Y_PROB),
    ("BinaryCrossentropy", {"from_logits": True}, Y_BIN_TRUE, Y_LOGITS),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, Y_BIN_TRUE, Y_PROB),
    ("CategoricalCrossentropy", {}, Y_ONE_HOT, Y_PROB),
    ("CategoricalCrossentropy", {"from_logits": True}, Y_ONE_HOT, Y_LOGITS),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, Y_ONE_HOT, Y_PROB),
    ("SparseCategoricalCrossentropy", {}, Y_SPARSE, Y_PROB),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, Y_SPARSE, Y_LOGITS),
    ("BinaryFocalCrossentropy", {}, Y_BIN_TRUE, Y_PROB),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "gamma": 3.0}, Y_BIN_TRUE, Y_PROB),
    ("BinaryFocalCrossentropy", {"from_logits": True}, Y_BIN_TRUE, Y_LOGITS),
    ("KLDivergence", {}, Y_ONE_HOT, Y_PROB),
    ("Poisson", {}, Y_BIN_TRUE, Y_PROB),
    ("CosineSimilarity", {}, Y_REG_TRUE, Y_REG_PRED),
    ("Hinge", {}, Y_BIN_TRUE, Y_LOGITS),
    ("SquaredHinge", {}, Y_BIN_TRUE, Y_LOGITS),
    ("CategoricalHinge", {}, Y_ONE_HOT, Y_LOGITS),
]
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]


def record_losses():
    cases = []
    for name, kwargs, y_true, y_pred in LOSS_CASES:
        for reduction in REDUCTIONS:
            for sample_weight in (None, WEIGHTS):
                loss = getattr(keras.losses, name)(reduction=reduction, **kwargs)
                value = loss(np.array(y_true, "float32") if name != "SparseCategoricalCrossentropy"
                             else np.array(y_true), np.array(y_pred, "float32"),
                             sample_weight=None if sample_weight is None else np.array(sample_weight, "float32"))
                cases.append({"class": name, "kwargs": kwargs, "reduction": reduction, "y_true": y_true,
                              "y_pred": y_pred, "sample_weight": sample_weight,
                              "result": np.asarray(value).tolist()})
    functions = []
    for fn in ("mean_squared_error", "mean_absolute_error", "binary_crossentropy", "categorical_crossentropy",
               "kl_divergence", "huber", "log_cosh", "poisson", "hinge", "squared_hinge", "categorical_hinge"):
        y_true, y_pred = (Y_ONE_HOT, Y_PROB) if "categorical" in fn or fn == "kl_divergence" else (Y_BIN_TRUE, Y_PROB)
        value = getattr(keras.losses, fn)(np.array(y_true, "float32"), np.array(y_pred, "float32"))
        functions.append({"function": fn, "y_true": y_true, "y_pred": y_pred, "result": np.asarray(value).tolist()})
    return {"meta": META, "classes": cases, "functions": functions}


BIN_LABELS = [0, 1, 1, 0, 1, 0, 1, 1]
BIN_SCORES = [0.1, 0.8, 0.35, 0.45, 0.9, 0.7, 0.2, 0.6]
BIN_WEIGHTS = [1.0, 2.0, 0.5, 1.0, 1.0, 0.0, 3.0, 1.0]
MULTI_TRUE = [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]
MULTI_PRED = [[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.4, 0.4, 0.2], [0.1, 0.3, 0.6], [0.6, 0.1, 0.3]]
SPARSE_TRUE = [1, 0, 2, 1, 0]

METRIC_CASES = [
    ("Mean", {}, "values", [[1.0, 2.0, 3.0, 4.0]], None),
    ("Sum", {}, "values", [[1.0, 2.0, 3.0, 4.0]], None),
    ("Accuracy", {}, "pair", [[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 0.0, 4.0]], None),
    ("BinaryAccuracy", {}, "pair", [BIN_LABELS, BIN_SCORES], BIN_WEIGHTS),
    ("BinaryAccuracy", {"threshold": 0.7}, "pair", [BIN_LABELS, BIN_SCORES], None),
    ("CategoricalAccuracy", {}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("SparseCategoricalAccuracy", {}, "pair", [SPARSE_TRUE, MULTI_PRED], [1.0, 1.0, 0.5, 2.0, 1.0]),
    ("TopKCategoricalAccuracy", {"k": 2}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "pair", [SPARSE_TRUE, MULTI_PRED], None),
    ("Precision", {}, "pair", [BIN_LABELS, BIN_SCORES], None),
    ("Precision", {"thresholds": [0.3, 0.5, 0.7]}, "pair", [BIN_LABELS, BIN_SCORES], BIN_WEIGHTS),
    ("Precision", {"top_k": 1}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("Recall", {}, "pair", [BIN_LABELS, BIN_SCORES], BIN_WEIGHTS),
    ("Recall", {"class_id": 1}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("AUC", {}, "pair", [BIN_LABELS, BIN_SCORES], None),
    ("AUC", {"num_thresholds": 11}, "pair", [BIN_LABELS, BIN_SCORES], BIN_WEIGHTS),
    ("AUC", {"curve": "PR"}, "pair", [BIN_LABELS, BIN_SCORES], None),
    ("AUC", {"curve": "PR", "summation_method": "minoring"}, "pair", [BIN_LABELS, BIN_SCORES], None),
    ("AUC", {"multi_label": True}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("AUC", {"multi_label": True, "curve": "PR", "label_weights": [1.0, 2.0, 0.5]}, "pair",
     [MULTI_TRUE, MULTI_PRED], [1.0, 1.0, 0.5, 2.0, 1.0]),
    ("AUC", {"label_weights": [1.0, 2.0, 0.5], "num_thresholds": 7}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("F1Score", {}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("F1Score", {"average": "macro"}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("F1Score", {"average": "weighted", "threshold": 0.3}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("F1Score", {"average": "micro"}, "pair", [MULTI_TRUE, MULTI_PRED], None),
    ("MeanSquaredError", {}, "pair", [Y_REG_TRUE, Y_REG_PRED], WEIGHTS),
    ("MeanAbsoluteError", {}, "pair", [Y_REG_TRUE, Y_REG_PRED], None),
    ("RootMeanSquaredError", {}, "pair", [Y_REG_TRUE, Y_REG_PRED], WEIGHTS),
    ("MeanIoU", {"num_classes": 3}, "pair", [SPARSE_TRUE, [1, 0, 1, 2, 0]], None),
    ("MeanIoU", {"num_classes": 3, "sparse_y_pred": False}, "pair", [SPARSE_TRUE, MULTI_PRED],
     [1.0, 1.0, 0.5, 2.0, 1.0]),
]


def record_metrics():
    cases = []
    for name, kwargs, kind, args, sample_weight in METRIC_CASES:
        metric = getattr(keras.metrics, name)(**kwargs)
        arrays = [np.array(a, "float32") for a in args]
        sw = None if sample_weight is None else np.array(sample_weight, "float32")
        metric.update_state(*arrays, sample_weight=sw)
        first = np.asarray(metric.result()).tolist()
        metric.update_state(*arrays)  # a second batch, unweighted: results accumulate
        cases.append({"class": name, "kwargs": kwargs, "args": args, "sample_weight": sample_weight,
                      "name": metric.name, "result": first, "result_after_second": np.asarray(metric.result()).tolist()})
    return {"meta": META, "cases": cases}


VAR_START = [[[0.5, -1.0], [2.0, 0.25]], [0.1, -0.3]]
GRADS = [[[[0.1, -0.2], [0.3, 0.4]], [0.5, -0.05]], [[[-0.3, 0.1], [0.2, -0.6]], [0.2, 0.1]],
         [[[0.05, 0.05], [-0.1, 0.2]], [-0.4, 0.3]], [[[0.6, -0.4], [0.0, 0.1]], [0.0, 0.2]],
         [[[-0.2, 0.3], [0.25, -0.15]], [0.1, -0.1]]]

OPTIMIZER_CASES = [
    ("SGD", {}), ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "clipnorm": 0.3}), ("SGD", {"learning_rate": 0.1, "clipvalue": 0.25}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.5}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.05}),
    ("SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.9}),
    ("SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 2}),
    ("SGD", {"learning_rate": 0.1, "gradient_accumulation_steps": 2}),
    ("RMSprop", {}), ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("Adam", {}), ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("AdamW", {}), ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("Adagrad", {}), ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    ("Adadelta", {}), ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Adamax", {}), ("Adamax", {"learning_rate": 0.01}),
    ("Nadam", {}), ("Nadam", {"learning_rate": 0.01}),
    ("Lion", {}), ("Lion", {"learning_rate": 0.01, "beta_1": 0.5}),
    ("Ftrl", {}), ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                            "l2_regularization_strength": 0.02, "l2_shrinkage_regularization_strength": 0.01,
                            "beta": 0.1}),
    ("Lamb", {}), ("Lamb", {"learning_rate": 0.01}),
    ("Adam", {"learning_rate": {"class": "ExponentialDecay", "kwargs": {"initial_learning_rate": 0.01,
                                                                        "decay_steps": 2, "decay_rate": 0.5}}}),
]


def _lr(kwargs):
    kwargs = dict(kwargs)
    if isinstance(kwargs.get("learning_rate"), dict):
        spec = kwargs["learning_rate"]
        kwargs["learning_rate"] = getattr(keras.optimizers.schedules, spec["class"])(**spec["kwargs"])
    return kwargs


def record_optimizers():
    cases = []
    for name, kwargs in OPTIMIZER_CASES:
        variables = [keras.Variable(np.array(v, "float32"), name=f"v{i}") for i, v in enumerate(VAR_START)]
        optimizer = getattr(keras.optimizers, name)(**_lr(kwargs))
        for grads in GRADS:
            optimizer.apply_gradients(zip([tf.constant(g, "float32") for g in grads], variables))
        if kwargs.get("use_ema") and not kwargs.get("ema_overwrite_frequency"):
            averages = [np.asarray(v).tolist() for v in optimizer._model_variables_moving_average]
        else:
            averages = None
        cases.append({"class": name, "kwargs": kwargs, "weights": [np.asarray(v).tolist() for v in variables],
                      "ema": averages, "iterations": int(optimizer.iterations)})
    return {"meta": META, "start": VAR_START, "grads": GRADS, "cases": cases}


SCHEDULE_CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5, "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [2, 5], "values": [1.0, 0.5, 0.1]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 6, "end_learning_rate": 0.01, "power": 2.0}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "cycle": True}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 8, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 6, "warmup_target": 0.2, "warmup_steps": 3}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 3}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 3, "t_mul": 1.0, "m_mul": 0.5}),
]


def record_schedules():
    cases = []
    for name, kwargs in SCHEDULE_CASES:
        schedule = getattr(keras.optimizers.schedules, name)(**kwargs)
        cases.append({"class": name, "kwargs": kwargs,
                      "values": [float(np.asarray(schedule(step))) for step in range(12)]})
    return {"meta": META, "cases": cases}


def record_training():
    """The course notes' one-neuron regression, fixed start weights, and a two-output model's log names."""
    model = keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([np.array([[0.5]], "float32"), np.array([0.0], "float32")])
    history = model.fit(np.array([1, 2, 3, 4, 10], "float32"), np.array([1, 4, 6, 8, 20], "float32"), epochs=10,
                        verbose=0)
    prediction = model.predict(np.array([5, 9, 11, 19, 21], "float32"), verbose=0)
    regression = {"x": [1, 2, 3, 4, 10], "y": [1, 4, 6, 8, 20], "kernel": 0.5, "bias": 0.0,
                  "loss": history.history["loss"], "predict_x": [5, 9, 11, 19, 21],
                  "predict": prediction.tolist(), "weights": [w.tolist() for w in model.get_weights()]}

    rng = np.random.RandomState(0)
    x = rng.normal(size=(40, 4)).astype("float32")
    y1 = rng.normal(size=(40, 1)).astype("float32")
    y2 = rng.randint(0, 3, size=(40,))
    inputs = keras.Input((4,), name="features")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    out1 = keras.layers.Dense(1, name="out1")(hidden)
    out2 = keras.layers.Dense(3, activation="softmax", name="out2")(hidden)
    multi = keras.Model(inputs, [out1, out2])
    multi.compile(optimizer="adam", loss={"out1": "mse", "out2": "sparse_categorical_crossentropy"},
                  metrics={"out1": ["mae"], "out2": ["accuracy"]}, loss_weights={"out1": 1.0, "out2": 0.5})
    h = multi.fit(x, {"out1": y1, "out2": y2}, epochs=1, batch_size=16, validation_split=0.25, verbose=0)
    names = {"history_keys": list(h.history.keys()), "metrics_names": multi.metrics_names}
    single = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    single.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy", "sparse_top_k_categorical_accuracy"])
    hs = single.fit(x, y2, epochs=1, verbose=0, validation_data=(x, y2))
    names["single_history_keys"] = list(hs.history.keys())
    names["single_evaluate"] = len(single.evaluate(x, y2, verbose=0))
    return {"meta": META, "regression": regression, "names": names, "saturated": record_saturated(),
            "optimizer_fits": record_optimizer_fits()}


FIT_OPTIMIZERS = [("adam", {"learning_rate": 0.01}), ("rmsprop", {"learning_rate": 0.01, "momentum": 0.5}),
                  ("nadam", {"learning_rate": 0.01}), ("sgd", {"learning_rate": 0.1, "momentum": 0.9,
                                                          "nesterov": True, "clipnorm": 0.5})]


def fit_weights():
    """Fixed start weights for a small MLP 4 -> 5 relu -> 3 softmax."""
    return [np.linspace(-1, 1, 20, dtype="float32").reshape(4, 5), np.linspace(-0.1, 0.1, 5, dtype="float32"),
            np.linspace(1, -1, 15, dtype="float32").reshape(5, 3), np.zeros(3, "float32")]


def record_optimizer_fits():
    """Whole fits (graph mode, several batches, metrics) with each optimizer from the same start."""
    x, labels = saturated_data()
    x = x / 3.0
    out = []
    for name, kwargs in FIT_OPTIMIZERS:
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"),
                                  keras.layers.Dense(3, activation="softmax")])
        optimizer = keras.optimizers.get({"class_name": name, "config": kwargs})
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.set_weights(fit_weights())
        history = model.fit(x, labels, batch_size=4, epochs=3, shuffle=False, verbose=0)
        out.append({"optimizer": name, "kwargs": kwargs, "history": history.history,
                    "weights": [w.tolist() for w in model.get_weights()]})
    return out


SATURATED_CASES = [("softmax", 3, "categorical_crossentropy"), ("softmax", 3, "sparse_categorical_crossentropy"),
                   ("sigmoid", 1, "binary_crossentropy")]


def saturated_data():
    rng = np.random.RandomState(5)
    x = (rng.normal(size=(12, 4)) * 3).astype("float32")
    labels = rng.randint(0, 3, size=(12,))
    return x, labels


def record_saturated():
    """Large weights make probabilities round to 0/1: Keras' graph mode then uses the logits (no clipping)."""
    x, labels = saturated_data()
    out = []
    for activation, units, loss in SATURATED_CASES:
        y = {"categorical_crossentropy": np.eye(3, dtype="float32")[labels],
             "sparse_categorical_crossentropy": labels,
             "binary_crossentropy": (labels == 1).astype("float32")[:, None]}[loss]
        kernel = np.linspace(-4, 4, 4 * units, dtype="float32").reshape(4, units)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation=activation)])
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss=loss, metrics=["accuracy"])
        model.set_weights([kernel, np.zeros(units, "float32")])
        history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
        eager = model.evaluate(x, y, verbose=0, return_dict=True)
        out.append({"activation": activation, "units": units, "loss": loss, "kernel": kernel.tolist(),
                    "history": history.history, "evaluate": eager})
    return out


def record_linear_classifier():
    """The course notes' linear classifier in pure TensorFlow (GradientTape + assign_sub), fixed start."""
    rng = np.random.RandomState(0)
    negative = rng.multivariate_normal(mean=[0, 3], cov=[[1, 0.5], [0.5, 1]], size=200)
    positive = rng.multivariate_normal(mean=[3, 0], cov=[[1, 0.5], [0.5, 1]], size=200)
    inputs = np.vstack((negative, positive)).astype(np.float32)
    targets = np.vstack((np.zeros((200, 1), dtype="float32"), np.ones((200, 1), dtype="float32")))
    W = tf.Variable(initial_value=[[0.3], [0.7]])
    b = tf.Variable(initial_value=tf.zeros(shape=(1,)))
    losses = []
    for _ in range(40):
        with tf.GradientTape() as tape:
            predictions = tf.matmul(inputs, W) + b
            loss = tf.reduce_mean(tf.math.log(1.0 + tf.math.exp(predictions)) - targets * predictions)
        grad_w, grad_b = tape.gradient(loss, [W, b])
        W.assign_sub(grad_w * 0.1)
        b.assign_sub(grad_b * 0.1)
        losses.append(float(loss))
    return {"meta": META, "seed": 0, "losses": losses, "W": W.numpy().tolist(), "b": b.numpy().tolist()}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, fn in (("losses", record_losses), ("metrics", record_metrics), ("optimizers", record_optimizers),
                     ("schedules", record_schedules), ("training", record_training),
                     ("linear_classifier", record_linear_classifier)):
        (OUT / f"{name}.json").write_text(json.dumps(fn(), indent=1) + "\n")
        print("wrote", name)


if __name__ == "__main__":
    main()

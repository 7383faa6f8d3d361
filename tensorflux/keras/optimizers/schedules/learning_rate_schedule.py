"""Learning-rate schedules: a learning rate as a function of the optimizer's step, as Keras 3 computes it."""

from __future__ import annotations

import math

import tensorflux as tf

from ...api_export import keras_export


@keras_export(["keras.optimizers.schedules.LearningRateSchedule"])
class LearningRateSchedule:
    """Base class: ``schedule(step)`` returns the learning rate for ``step``."""

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' must override `__call__(self, "
                                  "step)`.")

    def get_config(self) -> dict:
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' must override `get_config()` "
                                  "in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _start(initial_learning_rate, step):
    """(initial learning rate as a tensor, its dtype, the step in that dtype)."""
    initial = tf.convert_to_tensor(initial_learning_rate)
    if not initial.dtype.is_floating:
        initial = tf.cast(initial, "float32")
    return initial, initial.dtype, tf.cast(step, initial.dtype)


@keras_export(["keras.optimizers.schedules.ExponentialDecay"])
class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (floored exponent with ``staircase``).

    >>> float(ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)(10))
    0.05000000074505806
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0, received: {decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial, dtype, global_step = _start(self.initial_learning_rate, step)
        p = global_step / tf.cast(self.decay_steps, dtype)
        if self.staircase:
            p = tf.floor(p)
        return initial * tf.pow(tf.cast(self.decay_rate, dtype), p)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


@keras_export(["keras.optimizers.schedules.PiecewiseConstantDecay"])
class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` up to ``boundaries[0]`` (inclusive), ``values[1]`` up to ``boundaries[1]``, …

    >>> float(PiecewiseConstantDecay([10], [1.0, 0.5])(11))
    0.5
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of values. Received: "
                             f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length "
                             f"{len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = tf.convert_to_tensor(step)
        values = [tf.convert_to_tensor(v) for v in self.values]
        result = values[-1]
        for boundary, value in zip(reversed(self.boundaries), reversed(values[:-1])):
            result = tf.where(step <= tf.cast(boundary, step.dtype), value, result)
        return result

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


@keras_export(["keras.optimizers.schedules.PolynomialDecay"])
class PolynomialDecay(LearningRateSchedule):
    """From ``initial_learning_rate`` to ``end_learning_rate`` over ``decay_steps`` along ``(1 - t)**power``."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                 name="PolynomialDecay"):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0, received: {decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        initial, dtype, global_step = _start(self.initial_learning_rate, step)
        end = tf.cast(self.end_learning_rate, dtype)
        power = tf.cast(self.power, dtype)
        decay_steps = tf.cast(self.decay_steps, dtype)
        if self.cycle:
            multiplier = tf.where(tf.equal(global_step, 0), tf.ones_like(global_step),
                                  tf.math.ceil(global_step / self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            global_step = tf.minimum(global_step, decay_steps)
        p = global_step / decay_steps
        return (initial - end) * tf.pow(1 - p, power) + end

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


@keras_export(["keras.optimizers.schedules.InverseTimeDecay"])
class InverseTimeDecay(LearningRateSchedule):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial, dtype, global_step = _start(self.initial_learning_rate, step)
        p = global_step / tf.cast(self.decay_steps, dtype)
        if self.staircase:
            p = tf.floor(p)
        return initial / (tf.cast(1, dtype) + tf.cast(self.decay_rate, dtype) * p)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


@keras_export(["keras.optimizers.schedules.CosineDecay"])
class CosineDecay(LearningRateSchedule):
    """Optional linear warmup to ``warmup_target``, then a half cosine down to ``alpha`` times the peak."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay", warmup_target=None,
                 warmup_steps=0):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0, received: {decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def _decay(self, step, decay_steps, decay_from_lr, dtype):
        completed_fraction = step / decay_steps
        cosine_decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi, dtype=dtype) * completed_fraction))
        return decay_from_lr * ((1 - self.alpha) * cosine_decayed + self.alpha)

    def __call__(self, step):
        initial, dtype, global_step = _start(self.initial_learning_rate, step)
        decay_steps = tf.cast(self.decay_steps, dtype)
        if self.warmup_target is None:
            return self._decay(tf.minimum(global_step, decay_steps), decay_steps, initial, dtype)
        target = tf.cast(self.warmup_target, dtype)
        warmup_steps = tf.cast(self.warmup_steps, dtype)
        global_step = tf.minimum(global_step, decay_steps + warmup_steps)
        warmup = (target - initial) * tf.math.divide_no_nan(global_step, warmup_steps) + initial
        return tf.where(global_step < warmup_steps, warmup,
                        self._decay(global_step - warmup_steps, decay_steps, target, dtype))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


@keras_export(["keras.optimizers.schedules.CosineDecayRestarts"])
class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay that restarts, each period ``t_mul`` times longer and ``m_mul`` times lower."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        if first_decay_steps <= 0:
            raise ValueError(f"Argument `first_decay_steps` must be > 0, received: {first_decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        initial, dtype, global_step = _start(self.initial_learning_rate, step)
        alpha = tf.cast(self.alpha, dtype)
        t_mul = tf.cast(self._t_mul, dtype)
        m_mul = tf.cast(self._m_mul, dtype)
        completed_fraction = global_step / tf.cast(self.first_decay_steps, dtype)
        if self._t_mul == 1.0:
            i_restart = tf.floor(completed_fraction)
            completed_fraction = completed_fraction - i_restart
        else:
            i_restart = tf.floor(tf.math.log(1.0 - completed_fraction * (1.0 - t_mul)) / tf.math.log(t_mul))
            sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
            completed_fraction = (completed_fraction - sum_r) / t_mul ** i_restart
        m_fac = m_mul ** i_restart
        cosine_decayed = 0.5 * m_fac * (1.0 + tf.cos(tf.constant(math.pi, dtype=dtype) * completed_fraction))
        return initial * ((1 - alpha) * cosine_decayed + alpha)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self._t_mul, "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}

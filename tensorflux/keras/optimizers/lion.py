"""``keras.optimizers.Lion``, ``keras.optimizers.Lamb`` and ``keras.optimizers.Ftrl``."""

import tensorflux as tf

from ..api_export import keras_export
from ..initializers import Constant
from ._common import step_power
from .optimizer import Optimizer


@keras_export(["keras.optimizers.Lion"])
class Lion(Optimizer):
    """The sign of an interpolated momentum as the update (Chen et al., 2023)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, name="lion", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(f"Argument for `beta_1` must be in range (0, 1]. Received: beta_1={beta_1}.")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        beta_1 = tf.cast(self.beta_1, variable.dtype)
        beta_2 = tf.cast(self.beta_2, variable.dtype)
        m = self._momentums[self._get_variable_index(variable)]
        self.assign_sub(variable, lr * tf.sign(m * beta_1 + gradient * (1.0 - beta_1)))
        self.assign(m, m * beta_2 + gradient * (1.0 - beta_2))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}


@keras_export(["keras.optimizers.Lamb"])
class Lamb(Optimizer):
    """Adam's step rescaled per layer by ``||w|| / ||update||`` (You et al., 2019)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name="lamb", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        beta_1_power = step_power(self, self.beta_1, variable.dtype)
        beta_2_power = step_power(self, self.beta_2, variable.dtype)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        self.assign_add(m, (gradient - m) * (1 - self.beta_1))
        self.assign_add(v, (tf.square(gradient) - v) * (1 - self.beta_2))
        m_t_hat = m / (1.0 - beta_1_power)
        v_sqrt = tf.sqrt(v / (1.0 - beta_2_power)) + self.epsilon
        update = m_t_hat / v_sqrt
        w_norm = tf.sqrt(tf.reduce_sum(tf.pow(variable, 2)))
        g_norm = tf.sqrt(tf.reduce_sum(tf.pow(update, 2)))
        one = tf.ones_like(w_norm)
        ratio = tf.where(w_norm > 0, tf.where(g_norm > 0, tf.math.divide_no_nan(w_norm, g_norm), one), one)
        self.assign_sub(variable, ratio * lr * update)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}


@keras_export(["keras.optimizers.Ftrl"])
class Ftrl(Optimizer):
    """Follow The Regularized Leader (McMahan et al., 2013), with L1/L2 and shrinkage."""

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, name="ftrl", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        for arg, value, bad in (("initial_accumulator_value", initial_accumulator_value, initial_accumulator_value < 0),
                                ("learning_rate_power", learning_rate_power, learning_rate_power > 0),
                                ("l1_regularization_strength", l1_regularization_strength,
                                 l1_regularization_strength < 0),
                                ("l2_regularization_strength", l2_regularization_strength,
                                 l2_regularization_strength < 0),
                                ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength,
                                 l2_shrinkage_regularization_strength < 0)):
            if bad:
                limit = "less than or equal to 0.0" if arg == "learning_rate_power" else "greater than or equal to 0.0"
                raise ValueError(f"`{arg}` needs to be {limit}. Received: {arg}={value}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"], initializer=[Constant(self.initial_accumulator_value), "zeros"])

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        accum, linear = self._accumulators[index], self._linears[index]
        lr_power = self.learning_rate_power
        l2_reg = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = gradient + (2 * self.l2_shrinkage_regularization_strength) * variable
        new_accum = accum + tf.square(gradient)
        self.assign_add(linear, grad_to_use - ((tf.pow(new_accum, -lr_power) - tf.pow(accum, -lr_power)) / lr)
                        * variable)
        quadratic = tf.pow(new_accum, -lr_power) / lr + 2 * l2_reg
        linear_clipped = tf.clip_by_value(linear, -self.l1_regularization_strength, self.l1_regularization_strength)
        self.assign(variable, (linear_clipped - linear) / quadratic)
        self.assign(accum, new_accum)

    def get_config(self):
        return {**super().get_config(), "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta}

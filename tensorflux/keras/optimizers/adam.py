"""``keras.optimizers.Adam`` (and AMSGrad)."""

import tensorflux as tf

from ...ops.training import APPLY_ADAM
from ..api_export import keras_export
from ._common import step_power
from .optimizer import Optimizer


@keras_export(["keras.optimizers.Adam"])
class Adam(Optimizer):
    """Adaptive moments: ``m``, ``v`` running averages of ``g`` and ``g**2``, bias-corrected step size."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="adam",
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        beta_1_power = step_power(self, self.beta_1, variable.dtype)
        beta_2_power = step_power(self, self.beta_2, variable.dtype)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        alpha = lr * tf.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        if not self.amsgrad:  # one fused kernel (TF's ResourceApplyAdam), the same arithmetic as below
            APPLY_ADAM(gradient, alpha, var=variable._variable, m=m._variable, v=v._variable, beta_1=self.beta_1,
                       beta_2=self.beta_2, epsilon=self.epsilon)
            return
        self.assign_add(m, (gradient - m) * (1 - self.beta_1))
        self.assign_add(v, (tf.square(gradient) - v) * (1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            self.assign(v_hat, tf.maximum(v_hat, v))
            v = v_hat
        self.assign_sub(variable, (m * alpha) / (tf.sqrt(v) + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}


@keras_export(["keras.optimizers.AdamW"])
class AdamW(Adam):
    """Adam with decoupled weight decay (``weight_decay`` defaults to 0.004)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="adamw", **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                         amsgrad=amsgrad, name=name, weight_decay=weight_decay, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")

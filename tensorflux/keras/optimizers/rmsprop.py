"""``keras.optimizers.RMSprop``."""

import tensorflux as tf

from ...ops.training import APPLY_RMS_PROP
from ..api_export import keras_export
from .optimizer import Optimizer


@keras_export(["keras.optimizers.RMSprop"])
class RMSprop(Optimizer):
    """Divides the gradient by a running root-mean-square of recent gradients (optionally centered)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="rmsprop",
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = self.add_optimizer_variables(var_list, "momentum") if self.momentum > 0 else []
        self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient") if self.centered else []

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        if not self.centered and self.momentum <= 0:  # one fused kernel (TF's ResourceApplyRMSProp), same arithmetic
            APPLY_RMS_PROP(gradient, lr, var=variable._variable, velocity=velocity._variable, rho=rho,
                           epsilon=self.epsilon)
            return
        self.assign(velocity, rho * velocity + (1 - rho) * tf.square(gradient))
        if self.centered:
            average_grad = self._average_gradients[index]
            self.assign(average_grad, rho * average_grad + (1 - rho) * gradient)
            denominator = velocity - tf.square(average_grad) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = (lr * gradient) / tf.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            self.assign(momentum, self.momentum * momentum + increment)
            self.assign_sub(variable, momentum)
        else:
            self.assign_sub(variable, increment)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}

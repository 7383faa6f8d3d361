"""``keras.optimizers.SGD``: gradient descent, with momentum and Nesterov momentum."""

import tensorflux as tf

from ..api_export import keras_export
from .optimizer import Optimizer


@keras_export(["keras.optimizers.SGD"])
class SGD(Optimizer):
    """``w -= learning_rate * g``; with momentum ``m = momentum * m - learning_rate * g; w += m``.

    >>> import tensorflux as tf
    >>> v = tf.Variable(1.0)
    >>> _ = SGD(learning_rate=0.1, momentum=0.9).apply_gradients([(tf.constant(1.0), v)])
    >>> round(float(v.numpy()), 4)
    0.9
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="sgd", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not isinstance(momentum, (int, float)) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = self.add_optimizer_variables(variables, "momentum") if self.momentum != 0 else []

    def update_step(self, gradient, variable, learning_rate):
        learning_rate = tf.cast(learning_rate, variable.dtype)
        gradient = tf.cast(gradient, variable.dtype)
        if self.momentum == 0:
            self.assign_sub(variable, gradient * learning_rate)
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = tf.cast(self.momentum, variable.dtype)
        self.assign(m, m * momentum - gradient * learning_rate)
        if self.nesterov:
            self.assign_add(variable, m * momentum - gradient * learning_rate)
        else:
            self.assign_add(variable, m)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}

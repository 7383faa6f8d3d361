"""A linear classifier in pure tensorflux (Chollet, "Deep Learning with Python", chapter 3).

Two Gaussian blobs of 1,000 points each, a linear model ``inputs @ W + b``, the logistic loss,
and plain gradient descent with ``GradientTape`` and ``assign_sub``. Prints the loss every 10
steps and the training accuracy at the end.
"""

import numpy as np

import tensorflux as tf

num_samples_per_class = 1000
rng = np.random.default_rng(0)
negative_samples = rng.multivariate_normal(mean=[0, 3], cov=[[1, 0.5], [0.5, 1]], size=num_samples_per_class)
positive_samples = rng.multivariate_normal(mean=[3, 0], cov=[[1, 0.5], [0.5, 1]], size=num_samples_per_class)
inputs = np.vstack((negative_samples, positive_samples)).astype(np.float32)
targets = np.vstack((np.zeros((num_samples_per_class, 1), dtype="float32"),
                     np.ones((num_samples_per_class, 1), dtype="float32")))

tf.random.set_seed(0)
input_dim, output_dim = 2, 1
W = tf.Variable(initial_value=tf.random.uniform(shape=(input_dim, output_dim)))
b = tf.Variable(initial_value=tf.zeros(shape=(output_dim,)))


def model(inputs):
    return tf.matmul(inputs, W) + b


def logistic_loss(targets, predictions):
    per_sample_losses = tf.math.log(1.0 + tf.math.exp(predictions)) - targets * predictions
    return tf.reduce_mean(per_sample_losses)


def training_step(inputs, targets, learning_rate):
    with tf.GradientTape() as tape:
        predictions = model(inputs)
        loss = logistic_loss(targets, predictions)
    grad_loss_wrt_W, grad_loss_wrt_b = tape.gradient(loss, [W, b])
    W.assign_sub(grad_loss_wrt_W * learning_rate)
    b.assign_sub(grad_loss_wrt_b * learning_rate)
    return loss


learning_rate = 0.1
for step in range(100):
    loss = training_step(inputs, targets, learning_rate)
    if (step + 1) % 10 == 0:
        print(f"Loss at step {step}: {loss:.4f}")

predictions = model(inputs)
accuracy = float(tf.reduce_mean(tf.cast((predictions[:, 0] > 0) == (targets[:, 0] > 0.5), tf.float32)))
print(f"Training accuracy: {accuracy:.4f}")

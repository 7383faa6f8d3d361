"""A Keras classifier for handwritten digits, trained with ``fit`` on real data that ships with
scikit-learn (1,797 scans of 8×8 pixels, no download), reporting its test accuracy."""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from tensorflux import keras

digits = load_digits()
x = (digits.images / 16.0).astype("float32")[..., np.newaxis]  # (1797, 8, 8, 1), values in [0, 1]
x_train, x_test, y_train, y_test = train_test_split(x, digits.target, test_size=0.25, random_state=0,
                                                    stratify=digits.target)

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(32, 3, activation="relu", padding="same"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.summary()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=15, batch_size=32, validation_split=0.1, verbose=2)
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"Test accuracy: {accuracy:.4f} (loss {loss:.4f}) on {len(x_test)} unseen digits")

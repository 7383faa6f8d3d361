"""Models and layer cases written once, run both by real Keras (tools/record_keras_fixtures.py) and by
tensorflux's tests. Every function takes the ``keras`` module to build with."""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------------------------
# Whole models (summaries, parameter counts, output shapes, configs).

def regression(keras):
    """The one-neuron-per-layer regression of the reference output (input_shape on the first layer)."""
    keras.layers.Dense(1)  # uses up the name "dense", as in the reference session
    return keras.Sequential([keras.layers.Dense(8, input_shape=(4,), activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")], name="sequential_1")


def mnist_convnet(keras):
    """The classic Keras example: two Conv/MaxPool blocks, Flatten, Dropout, Dense softmax."""
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(28, 28, 1)),
                             layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
                             layers.MaxPooling2D(pool_size=(2, 2)),
                             layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
                             layers.MaxPooling2D(pool_size=(2, 2)),
                             layers.Flatten(),
                             layers.Dropout(0.5),
                             layers.Dense(10, activation="softmax")])


def course_cnn(keras):
    """The 224x224x3 four-block CNN of the course notes (002), exactly as written there."""
    layers, models = keras.layers, keras.models
    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(224, 224, 3)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(128, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(128, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(512, activation="relu"))
    model.add(layers.Dense(4, activation="sigmoid"))
    return model


def multi_io(keras):
    """Two inputs, two outputs, a Concatenate: the functional summary of the reference output."""
    keras.layers.Dense(1)  # uses up the name "dense", as in the reference session
    a = keras.Input((8,), name="a")
    b = keras.Input((4,), name="b")
    x = keras.layers.Dense(16)(a)
    c = keras.layers.Concatenate()([x, b])
    out1 = keras.layers.Dense(1, name="out1")(c)
    out2 = keras.layers.Dense(3, name="out2")(c)
    return keras.Model([a, b], [out1, out2], name="multi")


def functional_chain(keras):
    """A functional model that is a simple chain (summarised without "Connected to"), with BatchNorm."""
    inputs = keras.Input(shape=(32,))
    x = keras.layers.Dense(64, activation="relu")(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def shared_layer(keras):
    """One Dense used twice (two nodes), merged by Add and Subtract; a dict of outputs."""
    left = keras.Input((5,), name="left")
    right = keras.Input((5,), name="right")
    shared = keras.layers.Dense(3, name="shared")
    a, b = shared(left), shared(right)
    total = keras.layers.Add()([a, b])
    diff = keras.layers.Subtract()([a, b])
    return keras.Model({"left": left, "right": right}, {"total": total, "diff": diff}, name="siamese")


def nested(keras):
    """A Sequential holding a functional block and a frozen Dense: nested summaries, trainable flags."""
    inner_in = keras.Input((6,))
    inner_out = keras.layers.Dense(4, activation="relu", name="inner_dense")(inner_in)
    block = keras.Model(inner_in, inner_out, name="block")
    frozen = keras.layers.Dense(2, name="frozen")
    frozen.trainable = False
    return keras.Sequential([keras.Input((6,)), block, keras.layers.BatchNormalization(), frozen], name="outer")


def unbuilt(keras):
    """A Sequential with no input shape yet: output shapes '?' and '0 (unbuilt)'."""
    return keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)], name="unbuilt")


def long_names(keras):
    """Names and shapes that wrap or are cut with an ellipsis in narrow columns."""
    inputs = keras.Input((3, 4, 5, 6), name="an_input_with_a_rather_long_name")
    x = keras.layers.Dense(7, name="a_dense_layer_whose_name_is_much_too_long_for_its_column")(inputs)
    x = keras.layers.Reshape((3 * 4 * 5, 7), name="reshape_it")(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, x, name="long_names_model")


def ops_on_tensors(keras):
    """Operators on KerasTensors become graph operations of the model (``x * 2`` → ``multiply``)."""
    inputs = keras.Input((4,))
    x = keras.layers.Dense(4)(inputs)
    y = x * 2.0
    z = y + x
    return keras.Model(inputs, z, name="with_ops")


def conv_family(keras):
    """Every convolution and pooling layer in one chain of shapes."""
    layers = keras.layers
    image = keras.Input((16, 16, 3))
    x = layers.Conv2D(4, 3, padding="same", strides=2)(image)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same")(x)
    x = layers.SeparableConv2D(6, 3)(x)
    x = layers.Conv2DTranspose(5, 3, strides=2, padding="same")(x)
    x = layers.ZeroPadding2D(((1, 2), (0, 1)))(x)
    x = layers.Cropping2D(((0, 1), (1, 0)))(x)
    x = layers.UpSampling2D()(x)
    x = layers.AveragePooling2D(pool_size=3, strides=2, padding="same")(x)
    x = layers.GroupNormalization(groups=5)(x)
    x = layers.GlobalMaxPooling2D()(x)
    seq = keras.Input((20, 3))
    s = layers.Conv1D(4, 3, padding="causal", dilation_rate=2)(seq)
    s = layers.Conv1DTranspose(3, 3, strides=2)(s)
    s = layers.MaxPooling1D(pool_size=3, strides=2)(s)
    s = layers.UpSampling1D(3)(s)
    s = layers.Cropping1D((2, 3))(s)
    s = layers.ZeroPadding1D(2)(s)
    s = layers.GlobalAveragePooling1D()(s)
    vol = keras.Input((6, 6, 6, 2))
    v = layers.Conv3D(3, 3)(vol)
    v = layers.Conv3DTranspose(2, 2, strides=2)(v)
    v = layers.MaxPooling3D()(v)
    v = layers.GlobalAveragePooling3D()(v)
    merged = layers.Concatenate()([x, s, v])
    return keras.Model([image, seq, vol], merged, name="conv_family")


MODELS = {"regression": regression, "mnist_convnet": mnist_convnet, "course_cnn": course_cnn, "multi_io": multi_io,
          "functional_chain": functional_chain, "shared_layer": shared_layer, "nested": nested, "unbuilt": unbuilt,
          "long_names": long_names, "ops_on_tensors": ops_on_tensors, "conv_family": conv_family}

# (model, keyword arguments of summary(), COLUMNS)
SUMMARIES = [("regression", {}, 80), ("regression", {}, 200), ("regression", {}, 60),
             ("mnist_convnet", {}, 80), ("course_cnn", {}, 80), ("multi_io", {}, 80), ("multi_io", {}, 200),
             ("functional_chain", {}, 80), ("shared_layer", {}, 120), ("nested", {}, 80),
             ("nested", {"expand_nested": True, "show_trainable": True}, 120), ("unbuilt", {}, 80),
             ("long_names", {}, 80), ("long_names", {"line_length": 70}, 80), ("ops_on_tensors", {}, 80),
             ("conv_family", {}, 120), ("mnist_convnet", {"layer_range": ["conv2d_1", "flatten"]}, 80),
             ("mnist_convnet", {"positions": [0.5, 0.75, 1.0]}, 100)]


def model_facts(model) -> dict:
    """Layer names, types, output shapes and parameter counts, and the model's totals."""
    rows = []
    for layer in model.layers:
        shape = None
        if getattr(layer, "_inbound_nodes", None):
            outputs = layer._inbound_nodes[-1].output_tensors
            shape = [list(x.shape) for x in outputs]
        rows.append([layer.name, type(layer).__name__, shape, layer.count_params() if layer.built else None])
    return {"layers": rows, "total": model.count_params() if model.built else None,
            "trainable": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
            "non_trainable": int(sum(np.prod(w.shape) for w in model.non_trainable_weights)),
            "weights": [[w.path, list(w.shape)] for w in model.weights]}


# ---------------------------------------------------------------------------------------------
# Single layers: outputs on fixed inputs and weights, and configs.

def _array(shape, seed, scale=1.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype("float32")


def layer_cases(keras):
    """``name -> (layer, input shapes, call kwargs)``; weights are set from ``_array`` by the caller."""
    L = keras.layers
    return {
        "dense": (L.Dense(3, activation="relu"), [(2, 4)], {}),
        "dense_3d": (L.Dense(2, use_bias=False), [(2, 3, 4)], {}),
        "activation_softmax": (L.Activation("softmax"), [(2, 5)], {}),
        "relu": (L.ReLU(max_value=1.0, negative_slope=0.1, threshold=0.2), [(2, 6)], {}),
        "leaky_relu": (L.LeakyReLU(negative_slope=0.2), [(2, 6)], {}),
        "prelu": (L.PReLU(shared_axes=[1]), [(2, 3, 4)], {}),
        "elu": (L.ELU(alpha=0.5), [(2, 6)], {}),
        "softmax": (L.Softmax(axis=1), [(2, 3, 4)], {}),
        "dropout_inference": (L.Dropout(0.5), [(2, 6)], {}),
        "flatten": (L.Flatten(), [(2, 3, 4)], {}),
        "reshape": (L.Reshape((2, -1)), [(2, 3, 4)], {}),
        "permute": (L.Permute((2, 1)), [(2, 3, 4)], {}),
        "repeat_vector": (L.RepeatVector(3), [(2, 4)], {}),
        "conv1d": (L.Conv1D(3, 3, strides=2, padding="same"), [(2, 7, 2)], {}),
        "conv1d_causal": (L.Conv1D(2, 3, padding="causal", dilation_rate=2), [(1, 8, 2)], {}),
        "conv2d": (L.Conv2D(3, (3, 2), strides=(2, 1), padding="valid"), [(2, 7, 6, 2)], {}),
        "conv2d_same_dilated": (L.Conv2D(2, 3, padding="same", dilation_rate=2, activation="tanh"),
                                [(1, 6, 6, 3)], {}),
        "conv2d_groups": (L.Conv2D(4, 3, groups=2), [(1, 5, 5, 4)], {}),
        "conv3d": (L.Conv3D(2, 2, padding="same"), [(1, 3, 4, 3, 2)], {}),
        "conv1d_transpose": (L.Conv1DTranspose(2, 3, strides=2), [(1, 4, 3)], {}),
        "conv2d_transpose": (L.Conv2DTranspose(3, 3, strides=2, padding="same"), [(1, 3, 4, 2)], {}),
        "conv2d_transpose_output_padding": (L.Conv2DTranspose(2, 3, strides=2, output_padding=1),
                                            [(1, 3, 3, 2)], {}),
        "conv3d_transpose": (L.Conv3DTranspose(2, 2, strides=2), [(1, 2, 2, 2, 1)], {}),
        "depthwise_conv2d": (L.DepthwiseConv2D(3, depth_multiplier=2, padding="same"), [(1, 5, 5, 2)], {}),
        "separable_conv2d": (L.SeparableConv2D(3, 3, depth_multiplier=2), [(1, 6, 6, 2)], {}),
        "max_pooling1d": (L.MaxPooling1D(pool_size=3, strides=2, padding="same"), [(2, 7, 2)], {}),
        "max_pooling2d": (L.MaxPooling2D(), [(2, 5, 6, 3)], {}),
        "max_pooling3d": (L.MaxPooling3D(pool_size=2, padding="same"), [(1, 3, 4, 5, 2)], {}),
        "average_pooling1d": (L.AveragePooling1D(pool_size=2), [(2, 7, 2)], {}),
        "average_pooling2d_same": (L.AveragePooling2D(pool_size=3, strides=2, padding="same"), [(1, 5, 6, 2)], {}),
        "average_pooling3d": (L.AveragePooling3D(pool_size=2), [(1, 4, 4, 4, 2)], {}),
        "global_average_pooling1d": (L.GlobalAveragePooling1D(), [(2, 5, 3)], {}),
        "global_average_pooling2d": (L.GlobalAveragePooling2D(keepdims=True), [(2, 4, 5, 3)], {}),
        "global_max_pooling1d": (L.GlobalMaxPooling1D(), [(2, 5, 3)], {}),
        "global_max_pooling2d": (L.GlobalMaxPooling2D(), [(2, 4, 5, 3)], {}),
        "zero_padding1d": (L.ZeroPadding1D((1, 2)), [(2, 3, 2)], {}),
        "zero_padding2d": (L.ZeroPadding2D(((1, 0), (2, 1))), [(1, 3, 3, 2)], {}),
        "zero_padding3d": (L.ZeroPadding3D(1), [(1, 2, 2, 2, 1)], {}),
        "cropping1d": (L.Cropping1D((1, 2)), [(2, 6, 2)], {}),
        "cropping2d": (L.Cropping2D(((1, 0), (1, 2))), [(1, 5, 6, 2)], {}),
        "up_sampling1d": (L.UpSampling1D(2), [(2, 3, 2)], {}),
        "up_sampling2d": (L.UpSampling2D((2, 3)), [(1, 2, 3, 2)], {}),
        "up_sampling2d_bilinear": (L.UpSampling2D(2, interpolation="bilinear"), [(1, 3, 3, 2)], {}),
        "batch_normalization_inference": (L.BatchNormalization(), [(4, 3)], {}),
        "batch_normalization_training": (L.BatchNormalization(momentum=0.9), [(4, 3)], {"training": True}),
        "batch_normalization_axis1": (L.BatchNormalization(axis=1), [(4, 3, 2)], {"training": True}),
        "layer_normalization": (L.LayerNormalization(), [(2, 3, 4)], {}),
        "layer_normalization_axes": (L.LayerNormalization(axis=[1, 2]), [(2, 3, 4)], {}),
        "group_normalization": (L.GroupNormalization(groups=2), [(2, 3, 4)], {}),
        "add": (L.Add(), [(2, 3), (2, 3)], {}),
        "subtract": (L.Subtract(), [(2, 3), (2, 3)], {}),
        "multiply": (L.Multiply(), [(2, 3), (2, 3), (2, 3)], {}),
        "average": (L.Average(), [(2, 3), (2, 3)], {}),
        "maximum": (L.Maximum(), [(2, 3), (2, 3)], {}),
        "minimum": (L.Minimum(), [(2, 3), (2, 3)], {}),
        "concatenate": (L.Concatenate(axis=1), [(2, 3, 2), (2, 1, 2)], {}),
        "dot": (L.Dot(axes=(1, 2)), [(2, 3, 4), (2, 5, 3)], {}),
        "dot_normalize": (L.Dot(axes=1, normalize=True), [(2, 4), (2, 4)], {}),
        "rescaling": (L.Rescaling(scale=0.5, offset=-1.0), [(2, 3)], {}),
        "resizing": (L.Resizing(4, 6), [(1, 2, 3, 2)], {}),
        "resizing_nearest": (L.Resizing(3, 5, interpolation="nearest"), [(1, 2, 3, 2)], {}),
        "normalization_given": (L.Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 9.0]), [(2, 3)], {}),
        "gaussian_noise_inference": (L.GaussianNoise(0.5), [(2, 3)], {}),
        "spatial_dropout2d_inference": (L.SpatialDropout2D(0.5), [(1, 2, 2, 3)], {}),
        "identity": (L.Identity(), [(2, 3)], {}),
    }


INT_INPUT_CASES = {
    "embedding": lambda keras: (keras.layers.Embedding(10, 3), np.array([[1, 2, 9], [0, 0, 4]], dtype="int32")),
}


def weights_for(layer) -> list:
    """Deterministic weights for a built layer (positive variances for normalisation statistics)."""
    out = []
    for i, w in enumerate(layer.weights):
        value = _array(tuple(w.shape), 100 + i, 0.5)
        if "variance" in w.name:
            value = np.abs(value) + 0.5
        out.append(value.astype(w.dtype if isinstance(w.dtype, str) else w.dtype.name))
    return out


def inputs_for(shapes) -> list:
    return [_array(shape, 7 + i) for i, shape in enumerate(shapes)]


ACTIVATIONS = ["relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus", "softsign", "squareplus",
               "soft_shrink", "sparse_plus", "silu", "swish", "gelu", "glu", "tanh", "tanh_shrink", "sigmoid",
               "sparse_sigmoid", "exponential", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "hard_shrink",
               "linear", "mish", "log_softmax", "log_sigmoid", "sparsemax"]

# Configs of layers constructed with non-default arguments, compared with Keras' get_config().
CONFIG_CASES = {
    "Dense": "keras.layers.Dense(3, activation='relu', use_bias=False, kernel_regularizer='l2', "
             "kernel_constraint=keras.constraints.MaxNorm(3), name='d')",
    "Conv2D": "keras.layers.Conv2D(8, (3, 5), strides=2, padding='same', dilation_rate=1, groups=2, "
              "activation='tanh', kernel_initializer='he_normal', name='c')",
    "Conv1D": "keras.layers.Conv1D(4, 3, padding='causal', name='c1')",
    "Conv3D": "keras.layers.Conv3D(2, 3, name='c3')",
    "Conv2DTranspose": "keras.layers.Conv2DTranspose(4, 3, strides=2, output_padding=1, name='ct')",
    "Conv1DTranspose": "keras.layers.Conv1DTranspose(4, 3, name='ct1')",
    "Conv3DTranspose": "keras.layers.Conv3DTranspose(4, 3, name='ct3')",
    "DepthwiseConv2D": "keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name='dw')",
    "SeparableConv2D": "keras.layers.SeparableConv2D(5, 3, name='sc')",
    "MaxPooling2D": "keras.layers.MaxPooling2D(pool_size=3, strides=1, padding='same', name='mp')",
    "AveragePooling1D": "keras.layers.AveragePooling1D(pool_size=2, name='ap')",
    "MaxPooling3D": "keras.layers.MaxPooling3D(name='mp3')",
    "GlobalAveragePooling2D": "keras.layers.GlobalAveragePooling2D(keepdims=True, name='gap')",
    "GlobalMaxPooling1D": "keras.layers.GlobalMaxPooling1D(name='gmp')",
    "BatchNormalization": "keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5, center=False, name='bn')",
    "LayerNormalization": "keras.layers.LayerNormalization(axis=[1, 2], name='ln')",
    "GroupNormalization": "keras.layers.GroupNormalization(groups=4, name='gn')",
    "Dropout": "keras.layers.Dropout(0.3, noise_shape=(None, 1), seed=3, name='do')",
    "SpatialDropout1D": "keras.layers.SpatialDropout1D(0.2, name='sd1')",
    "SpatialDropout2D": "keras.layers.SpatialDropout2D(0.2, name='sd2')",
    "GaussianNoise": "keras.layers.GaussianNoise(0.1, name='gn2')",
    "GaussianDropout": "keras.layers.GaussianDropout(0.1, name='gd')",
    "ActivityRegularization": "keras.layers.ActivityRegularization(l1=0.1, name='ar')",
    "Flatten": "keras.layers.Flatten(name='f')",
    "Reshape": "keras.layers.Reshape((3, -1), name='r')",
    "Permute": "keras.layers.Permute((2, 1), name='p')",
    "RepeatVector": "keras.layers.RepeatVector(4, name='rv')",
    "ZeroPadding1D": "keras.layers.ZeroPadding1D(2, name='zp1')",
    "ZeroPadding2D": "keras.layers.ZeroPadding2D(((1, 2), (3, 4)), name='zp2')",
    "ZeroPadding3D": "keras.layers.ZeroPadding3D(1, name='zp3')",
    "Cropping1D": "keras.layers.Cropping1D((1, 2), name='cr1')",
    "Cropping2D": "keras.layers.Cropping2D(1, name='cr2')",
    "UpSampling1D": "keras.layers.UpSampling1D(3, name='up1')",
    "UpSampling2D": "keras.layers.UpSampling2D((2, 3), interpolation='bilinear', name='up2')",
    "Activation": "keras.layers.Activation('softmax', name='a')",
    "ReLU": "keras.layers.ReLU(max_value=6.0, name='re')",
    "LeakyReLU": "keras.layers.LeakyReLU(negative_slope=0.1, name='lr')",
    "PReLU": "keras.layers.PReLU(shared_axes=[1, 2], name='pr')",
    "ELU": "keras.layers.ELU(alpha=0.5, name='el')",
    "Softmax": "keras.layers.Softmax(axis=1, name='sm')",
    "Add": "keras.layers.Add(name='ad')",
    "Subtract": "keras.layers.Subtract(name='su')",
    "Multiply": "keras.layers.Multiply(name='mu')",
    "Average": "keras.layers.Average(name='av')",
    "Maximum": "keras.layers.Maximum(name='ma')",
    "Minimum": "keras.layers.Minimum(name='mi')",
    "Concatenate": "keras.layers.Concatenate(axis=1, name='co')",
    "Dot": "keras.layers.Dot(axes=(1, 2), normalize=True, name='do2')",
    "Embedding": "keras.layers.Embedding(100, 8, mask_zero=True, name='em')",
    "Rescaling": "keras.layers.Rescaling(1 / 255, offset=0.5, name='rs')",
    "Resizing": "keras.layers.Resizing(32, 48, interpolation='nearest', name='rz')",
    "Normalization": "keras.layers.Normalization(axis=-1, mean=[1.0, 2.0], variance=[1.0, 2.0], name='no')",
    "Identity": "keras.layers.Identity(name='id')",
    "InputLayer": "keras.layers.InputLayer(shape=(3, 4), name='in')",
}


# ---------------------------------------------------------------------------------------------
# Bad input: each raises; the recorder stores Keras' error class and message.

def _dense_wrong_size(keras):
    layer = keras.layers.Dense(3)
    layer.build((None, 4))
    layer(keras.Input((5,)))


def _dense_rank_1(keras):
    keras.layers.Dense(3)(keras.Input(()))


def _conv2d_rank_3_symbolic(keras):
    keras.layers.Conv2D(3, 3)(keras.Input((28, 28)))


def _conv2d_rank_3_eager(keras):
    keras.layers.Conv2D(3, 3)(np.ones((2, 28, 28), "float32"))


def _concatenate_mismatch(keras):
    keras.layers.Concatenate()([keras.Input((3, 4)), keras.Input((5, 6))])


def _concatenate_rank_mismatch(keras):
    keras.layers.Concatenate()([keras.Input((3, 4)), keras.Input((5,))])


def _add_mismatch(keras):
    keras.layers.Add()([keras.Input((3,)), keras.Input((5,))])


def _subtract_three(keras):
    keras.layers.Subtract()([keras.Input((3,)), keras.Input((3,)), keras.Input((3,))])


def _functional_wrong_shape(keras):
    inputs = keras.Input((5,))
    keras.Model(inputs, keras.layers.Dense(2)(inputs))(np.ones((2, 6), "float32"))


def _batch_dim_in_input_shape(keras):
    model = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=(32, 28, 28, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(2)])
    model(np.ones((8, 28, 28, 1), "float32"))


def _bad_units(keras):
    keras.layers.Dense(0)


def _bad_kernel_size(keras):
    keras.layers.Conv2D(4, (3, 3, 3))


def _bad_padding(keras):
    keras.layers.Conv2D(4, 3, padding="full")


def _bad_rate(keras):
    keras.layers.Dropout(1.5)


def _reshape_size(keras):
    keras.layers.Reshape((4, 4))(keras.Input((3, 5)))


def _unknown_kwarg(keras):
    keras.layers.Dense(3, foo=1)


def _bad_activation(keras):
    keras.layers.Dense(3, activation="nope")


def _bad_initializer(keras):
    keras.layers.Dense(3, kernel_initializer="nope")


def _sequential_duplicate_name(keras):
    keras.Sequential([keras.layers.Dense(2, name="same"), keras.layers.Dense(2, name="same")])


def _graph_disconnected(keras):
    a, b = keras.Input((3,)), keras.Input((3,))
    keras.Model(a, keras.layers.Add()([a, b]))


def _get_layer_missing(keras):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    model.get_layer("nope")


def _set_weights_count(keras):
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    layer.set_weights([np.ones((3, 2))])


def _set_weights_shape(keras):
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    layer.set_weights([np.ones((3, 3)), np.ones(2)])


def _count_params_unbuilt(keras):
    keras.layers.Dense(2).count_params()


def _merge_not_list(keras):
    keras.layers.Add()(keras.Input((3,)))


ERROR_CASES = {name[1:]: fn for name, fn in globals().items() if name.startswith("_") and callable(fn)
               and name not in ("_array",)}

"""Every layer through the shared layer test (build, shapes, weights, config round trip, training step)."""

import pytest

from tensorflux import keras

from .layer_test_utils import run_layer_test

L = keras.layers

# (class, constructor kwargs, input shape(s), expected output shape, trainable, non-trainable, extras)
CASES = [
    (L.Dense, {"units": 3, "activation": "relu"}, (2, 4), (2, 3), 2, 0, {}),
    (L.Dense, {"units": 2, "use_bias": False, "kernel_regularizer": "l2"}, (2, 3, 4), (2, 3, 2), 1, 0, {}),
    (L.Activation, {"activation": "tanh"}, (2, 3), (2, 3), 0, 0, {}),
    (L.Dropout, {"rate": 0.5}, (2, 3), (2, 3), 0, 0, {}),
    (L.SpatialDropout1D, {"rate": 0.5}, (2, 4, 3), (2, 4, 3), 0, 0, {}),
    (L.SpatialDropout2D, {"rate": 0.5}, (2, 4, 4, 3), (2, 4, 4, 3), 0, 0, {}),
    (L.SpatialDropout3D, {"rate": 0.5}, (1, 2, 2, 2, 3), (1, 2, 2, 2, 3), 0, 0, {}),
    (L.GaussianNoise, {"stddev": 0.1}, (2, 3), (2, 3), 0, 0, {}),
    (L.GaussianDropout, {"rate": 0.1}, (2, 3), (2, 3), 0, 0, {}),
    (L.ActivityRegularization, {"l1": 0.1, "l2": 0.1}, (2, 3), (2, 3), 0, 0, {}),
    (L.Flatten, {}, (2, 3, 4), (2, 12), 0, 0, {}),
    (L.Reshape, {"target_shape": (4, -1)}, (2, 3, 4), (2, 4, 3), 0, 0, {}),
    (L.Permute, {"dims": (2, 1)}, (2, 3, 4), (2, 4, 3), 0, 0, {}),
    (L.RepeatVector, {"n": 3}, (2, 4), (2, 3, 4), 0, 0, {}),
    (L.Lambda, {"function": keras.activations.relu}, (2, 3), (2, 3), 0, 0, {}),
    (L.Identity, {}, (2, 3), (2, 3), 0, 0, {}),
    (L.Conv1D, {"filters": 3, "kernel_size": 3, "padding": "causal"}, (2, 6, 2), (2, 6, 3), 2, 0, {}),
    (L.Conv2D, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 7, 7, 2), (2, 3, 3, 3), 2, 0, {}),
    (L.Conv2D, {"filters": 4, "kernel_size": 2, "groups": 2, "padding": "same"}, (1, 4, 4, 2), (1, 4, 4, 4), 2, 0,
     {}),
    (L.Conv3D, {"filters": 2, "kernel_size": 2}, (1, 3, 3, 3, 2), (1, 2, 2, 2, 2), 2, 0, {}),
    (L.Conv1DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2}, (1, 4, 3), (1, 9, 2), 2, 0, {}),
    (L.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (1, 3, 3, 2),
     (1, 6, 6, 2), 2, 0, {}),
    (L.Conv3DTranspose, {"filters": 1, "kernel_size": 2, "strides": 2}, (1, 2, 2, 2, 1), (1, 4, 4, 4, 1), 2, 0, {}),
    (L.DepthwiseConv2D, {"kernel_size": 3, "depth_multiplier": 2}, (1, 5, 5, 2), (1, 3, 3, 4), 2, 0, {}),
    (L.SeparableConv2D, {"filters": 3, "kernel_size": 3}, (1, 5, 5, 2), (1, 3, 3, 3), 3, 0, {}),
    (L.MaxPooling1D, {}, (2, 6, 3), (2, 3, 3), 0, 0, {}),
    (L.MaxPooling2D, {}, (2, 6, 6, 3), (2, 3, 3, 3), 0, 0, {}),
    (L.MaxPooling3D, {}, (1, 4, 4, 4, 2), (1, 2, 2, 2, 2), 0, 0, {}),
    (L.AveragePooling1D, {"pool_size": 3, "padding": "same"}, (2, 7, 3), (2, 3, 3), 0, 0, {}),
    (L.AveragePooling2D, {}, (2, 6, 6, 3), (2, 3, 3, 3), 0, 0, {}),
    (L.AveragePooling3D, {"pool_size": 2}, (1, 4, 4, 4, 2), (1, 2, 2, 2, 2), 0, 0, {}),
    (L.GlobalAveragePooling1D, {}, (2, 5, 3), (2, 3), 0, 0, {}),
    (L.GlobalAveragePooling2D, {}, (2, 4, 4, 3), (2, 3), 0, 0, {}),
    (L.GlobalAveragePooling3D, {}, (2, 2, 2, 2, 3), (2, 3), 0, 0, {}),
    (L.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3), 0, 0, {}),
    (L.GlobalMaxPooling2D, {"keepdims": True}, (2, 4, 4, 3), (2, 1, 1, 3), 0, 0, {}),
    (L.GlobalMaxPooling3D, {}, (2, 2, 2, 2, 3), (2, 3), 0, 0, {}),
    (L.ZeroPadding1D, {"padding": 2}, (2, 3, 2), (2, 7, 2), 0, 0, {}),
    (L.ZeroPadding2D, {"padding": (1, 2)}, (1, 3, 3, 2), (1, 5, 7, 2), 0, 0, {}),
    (L.ZeroPadding3D, {"padding": 1}, (1, 2, 2, 2, 1), (1, 4, 4, 4, 1), 0, 0, {}),
    (L.Cropping1D, {"cropping": (1, 2)}, (2, 6, 2), (2, 3, 2), 0, 0, {}),
    (L.Cropping2D, {"cropping": ((1, 0), (2, 1))}, (1, 5, 6, 2), (1, 4, 3, 2), 0, 0, {}),
    (L.Cropping3D, {"cropping": 1}, (1, 4, 4, 4, 1), (1, 2, 2, 2, 1), 0, 0, {}),
    (L.UpSampling1D, {"size": 3}, (2, 3, 2), (2, 9, 2), 0, 0, {}),
    (L.UpSampling2D, {"size": (2, 3)}, (1, 2, 3, 2), (1, 4, 9, 2), 0, 0, {}),
    (L.UpSampling2D, {"interpolation": "bilinear"}, (1, 2, 3, 2), (1, 4, 6, 2), 0, 0, {}),
    (L.UpSampling3D, {"size": 2}, (1, 2, 2, 2, 1), (1, 4, 4, 4, 1), 0, 0, {}),
    (L.BatchNormalization, {}, (4, 3), (4, 3), 2, 2, {}),
    (L.BatchNormalization, {"axis": 1, "center": False}, (4, 3, 2), (4, 3, 2), 1, 2, {"call_kwargs":
                                                                                     {"training": True}}),
    (L.LayerNormalization, {}, (2, 3, 4), (2, 3, 4), 2, 0, {}),
    (L.LayerNormalization, {"axis": [1, 2], "scale": False}, (2, 3, 4), (2, 3, 4), 1, 0, {}),
    (L.GroupNormalization, {"groups": 2}, (2, 3, 4), (2, 3, 4), 2, 0, {}),
    (L.Add, {}, [(2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Subtract, {}, [(2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Multiply, {}, [(2, 3), (2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Average, {}, [(2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Maximum, {}, [(2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Minimum, {}, [(2, 3), (2, 3)], (2, 3), 0, 0, {}),
    (L.Concatenate, {"axis": 1}, [(2, 3, 2), (2, 1, 2)], (2, 4, 2), 0, 0, {}),
    (L.Dot, {"axes": (1, 2)}, [(2, 3, 4), (2, 5, 3)], (2, 4, 5), 0, 0, {}),
    (L.Embedding, {"input_dim": 6, "output_dim": 3}, (2, 4), (2, 4, 3), 1, 0, {"input_dtype": "int32"}),
    (L.Rescaling, {"scale": 0.5, "offset": 1.0}, (2, 3), (2, 3), 0, 0, {}),
    (L.Resizing, {"height": 4, "width": 6}, (1, 2, 3, 2), (1, 4, 6, 2), 0, 0, {}),
    (L.Normalization, {"mean": 1.0, "variance": 4.0}, (2, 3), (2, 3), 0, 0, {"run_training_check": False}),
    (L.ReLU, {"max_value": 6.0}, (2, 3), (2, 3), 0, 0, {}),
    (L.LeakyReLU, {}, (2, 3), (2, 3), 0, 0, {}),
    (L.PReLU, {"shared_axes": [1]}, (2, 3, 4), (2, 3, 4), 1, 0, {}),
    (L.ELU, {}, (2, 3), (2, 3), 0, 0, {}),
    (L.Softmax, {}, (2, 3), (2, 3), 0, 0, {}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].__name__}-{sorted(c[1])}")
def test_layer(case):
    cls, kwargs, shape, expected, trainable, non_trainable, extra = case
    run_layer_test(cls, kwargs, shape, expected, trainable, non_trainable, **extra)


def test_every_layer_of_the_issue_is_covered():
    required = ["InputLayer", "Dense", "Activation", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "Flatten", "Reshape", "Permute", "RepeatVector", "Lambda", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D", "BatchNormalization", "LayerNormalization", "GroupNormalization", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot", "Embedding", "Rescaling", "Resizing", "Normalization", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Conv1DTranspose", "Conv3DTranspose"]
    tested = {c[0].__name__ for c in CASES} | {"InputLayer"}
    assert set(required) <= tested, set(required) - tested

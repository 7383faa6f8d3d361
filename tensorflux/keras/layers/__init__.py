"""``keras.layers``: every layer, one per file, grouped by family as in Keras 3."""

from .activations.activation import Activation  # noqa: F401
from .activations.elu import ELU  # noqa: F401
from .activations.leaky_relu import LeakyReLU  # noqa: F401
from .activations.prelu import PReLU  # noqa: F401
from .activations.relu import ReLU  # noqa: F401
from .activations.softmax import Softmax  # noqa: F401
from .convolutional.conv1d import Conv1D
from .convolutional.conv1d_transpose import Conv1DTranspose
from .convolutional.conv2d import Conv2D
from .convolutional.conv2d_transpose import Conv2DTranspose
from .convolutional.conv3d import Conv3D
from .convolutional.conv3d_transpose import Conv3DTranspose
from .convolutional.depthwise_conv2d import DepthwiseConv2D  # noqa: F401
from .convolutional.separable_conv2d import SeparableConv2D
from .core.dense import Dense  # noqa: F401
from .core.embedding import Embedding  # noqa: F401
from .core.identity import Identity  # noqa: F401
from .core.input_layer import Input, InputLayer  # noqa: F401
from .core.lambda_layer import Lambda  # noqa: F401
from .input_spec import InputSpec  # noqa: F401
from .layer import Layer  # noqa: F401
from .merging.add import Add, add  # noqa: F401
from .merging.average import Average, average  # noqa: F401
from .merging.concatenate import Concatenate, concatenate  # noqa: F401
from .merging.dot import Dot, dot  # noqa: F401
from .merging.maximum import Maximum, maximum  # noqa: F401
from .merging.minimum import Minimum, minimum  # noqa: F401
from .merging.multiply import Multiply, multiply  # noqa: F401
from .merging.subtract import Subtract, subtract  # noqa: F401
from .normalization.batch_normalization import BatchNormalization  # noqa: F401
from .normalization.group_normalization import GroupNormalization  # noqa: F401
from .normalization.layer_normalization import LayerNormalization  # noqa: F401
from .pooling.average_pooling1d import AveragePooling1D
from .pooling.average_pooling2d import AveragePooling2D
from .pooling.average_pooling3d import AveragePooling3D
from .pooling.global_average_pooling1d import GlobalAveragePooling1D
from .pooling.global_average_pooling2d import GlobalAveragePooling2D
from .pooling.global_average_pooling3d import GlobalAveragePooling3D
from .pooling.global_max_pooling1d import GlobalMaxPooling1D
from .pooling.global_max_pooling2d import GlobalMaxPooling2D
from .pooling.global_max_pooling3d import GlobalMaxPooling3D
from .pooling.max_pooling1d import MaxPooling1D
from .pooling.max_pooling2d import MaxPooling2D
from .pooling.max_pooling3d import MaxPooling3D
from .preprocessing.normalization import Normalization  # noqa: F401
from .preprocessing.rescaling import Rescaling  # noqa: F401
from .preprocessing.resizing import Resizing  # noqa: F401
from .regularization.activity_regularization import ActivityRegularization  # noqa: F401
from .regularization.dropout import Dropout  # noqa: F401
from .regularization.gaussian_dropout import GaussianDropout  # noqa: F401
from .regularization.gaussian_noise import GaussianNoise  # noqa: F401
from .regularization.spatial_dropout import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D  # noqa: F401
from .reshaping.cropping1d import Cropping1D  # noqa: F401
from .reshaping.cropping2d import Cropping2D  # noqa: F401
from .reshaping.cropping3d import Cropping3D  # noqa: F401
from .reshaping.flatten import Flatten  # noqa: F401
from .reshaping.permute import Permute  # noqa: F401
from .reshaping.repeat_vector import RepeatVector  # noqa: F401
from .reshaping.reshape import Reshape  # noqa: F401
from .reshaping.up_sampling1d import UpSampling1D  # noqa: F401
from .reshaping.up_sampling2d import UpSampling2D  # noqa: F401
from .reshaping.up_sampling3d import UpSampling3D  # noqa: F401
from .reshaping.zero_padding1d import ZeroPadding1D  # noqa: F401
from .reshaping.zero_padding2d import ZeroPadding2D  # noqa: F401
from .reshaping.zero_padding3d import ZeroPadding3D  # noqa: F401

# Keras' other names for the same layers.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution1DTranspose, Convolution2DTranspose, Convolution3DTranspose = Conv1DTranspose, Conv2DTranspose, \
    Conv3DTranspose
SeparableConvolution2D = SeparableConv2D
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = GlobalAveragePooling1D, GlobalAveragePooling2D, \
    GlobalAveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D

"""``keras.applications``: ready-made image models, with ImageNet weights for transfer learning.

>>> from tensorflux import keras
>>> base = keras.applications.MobileNet(alpha=0.25, input_shape=(32, 32, 3), include_top=False, weights=None)
>>> base.output_shape
(None, 1, 1, 256)
"""

from . import imagenet_utils, inception_v3, mobilenet, mobilenet_v2  # noqa: F401
from .inception_v3 import InceptionV3  # noqa: F401
from .mobilenet import MobileNet  # noqa: F401
from .mobilenet_v2 import MobileNetV2  # noqa: F401

"""One-call notebook set-up: seeds, quiet TensorFlow, plot style, versions.

Introduced in ``00_welcome.ipynb``; every notebook's first code cell calls it.
"""

import importlib.util
import os
import platform
import random

DEFAULT_SEED = 42
# How a yes/no setting such as COURSE_STRICT says "no" (case and surrounding spaces ignored).
FALSE_SPELLINGS = frozenset({"", "0", "false", "no", "off", "n", "f"})
# Import names of what the notebooks need at run time (the package's required dependencies and TensorFlow).
LEARNER_PACKAGES = ["tensorflow", "keras", "numpy", "pandas", "scipy", "sklearn", "sksurv", "matplotlib",
                    "seaborn"]


def flag(name: str, environ=os.environ) -> bool:
    """True when the environment variable ``name`` is set to anything but a false spelling."""
    return environ.get(name, "").strip().lower() not in FALSE_SPELLINGS


def missing_packages(names: list[str] = LEARNER_PACKAGES) -> list[str]:
    """The packages in ``names`` that cannot be found (found without importing them)."""
    return [name for name in names if importlib.util.find_spec(name) is None]


def setup(seed: int = DEFAULT_SEED, quiet: bool = False) -> None:
    """Prepare a notebook for reproducible, quiet work.

    Seeds Python, NumPy and TensorFlow, silences TensorFlow's C++ logging
    (which must happen before TensorFlow is imported), sets the seaborn theme
    and prints one line describing the environment.

    Args:
        seed: the seed for every random number generator.
        quiet: skip the environment line (used by tests).
    """
    quiet_tensorflow()
    os.environ.setdefault("PYTHONHASHSEED", str(seed))
    import keras
    import matplotlib.pyplot as plt
    import numpy as np
    import seaborn as sns
    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)
    tf.get_logger().setLevel("ERROR")
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams["figure.dpi"] = 90
    if not quiet:
        print(environment_line())


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ log lines; call before TensorFlow is imported.

    Turning oneDNN's custom operations off also removes its start-up notice and
    makes CPU results repeatable from run to run.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def environment_line() -> str:
    """One line naming Python, TensorFlow, Keras and the device used."""
    import keras
    import tensorflow as tf

    device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    return (
        f"Python {platform.python_version()} | TensorFlow {tf.__version__} | "
        f"Keras {keras.__version__} | {device}"
    )

"""The course's datasets: offline, SHA-256 verified, with seeded splits.

Example::

    from course_utils import data
    data.list_datasets()                  # the registry as a table
    X, y = data.load_xy("breast_cancer")  # features and target
    X_train, X_val, X_test, y_train, y_val, y_test = data.split(X, y)
    (x_train, y_train), (x_test, y_test) = data.load_mnist()

Every file lives in ``data/`` next to the package and is listed in ``data/registry.json`` with its
SHA-256; each load checks the hash first and raises :class:`DataError` rather than return partial or
altered data. Each dataset has a datasheet in ``data/datasheets/<name>.md``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from course_utils.distribution import PIP_INSTALL
from course_utils.paths import DATA_DIR, IN_CHECKOUT
from course_utils.synthetic import SYNTHETIC_NOTE

REGISTRY_FILE = "registry.json"

TABLE_COLUMNS = ["name", "file", "rows", "columns", "task", "target", "description"]
MAX_CLASSES_TO_STRATIFY = 20


class DataError(ValueError):
    """A dataset cannot be loaded or split as asked; the message says why and how to fix it."""


def sha256_of(path: Path) -> str:
    """The SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def restore_advice(file: str, in_checkout: bool = IN_CHECKOUT) -> str:
    """How to get an intact copy of a data file back, where the learner is."""
    if in_checkout:
        return (f"Restore it with: git checkout -- data/{file}   "
                "(then check all files with: make data-check)")
    return f"The installed course package is damaged. Reinstall it with: {PIP_INSTALL} --force-reinstall"


def _registry() -> dict[str, dict]:
    path = Path(DATA_DIR) / REGISTRY_FILE
    if not path.is_file():
        raise DataError(f"The data registry {path} is missing. {restore_advice(REGISTRY_FILE)}")
    return json.loads(path.read_text(encoding="utf-8"))


def dataset_info(name: str) -> dict:
    """The registry record of one dataset (file, sha256, rows, task, target, description, datasheet).

    Raises:
        DataError: ``name`` is not a registered dataset (the message lists the valid names).
    """
    registry = _registry()
    if not isinstance(name, str) or name not in registry:
        raise DataError(f"Unknown dataset {name!r}. Valid names: {', '.join(registry)}.")
    return registry[name]


def list_datasets() -> pd.DataFrame:
    """The registry as a table: one row per dataset (name, file, rows, columns, task, target, description)."""
    table = pd.DataFrame(list(_registry().values()))
    table["target"] = [", ".join(t) if isinstance(t, list) else t for t in table["target"]]
    return table[TABLE_COLUMNS]


def verified_path(name: str) -> Path:
    """The path of a dataset's file after checking it exists and its SHA-256 matches the registry.

    Raises:
        DataError: unknown name, missing file, or a hash mismatch (corrupted or edited file).
    """
    info = dataset_info(name)
    path = Path(DATA_DIR) / info["file"]
    restore = restore_advice(info["file"])
    if not path.is_file():
        raise DataError(f"The data file for {name!r} is missing: {path}. {restore}")
    actual = sha256_of(path)
    if actual != info["sha256"]:
        raise DataError(
            f"The data file {path} is corrupted or was changed: SHA-256 is {actual}, "
            f"expected {info['sha256']}. {restore}"
        )
    return path


def load_frame(name: str) -> pd.DataFrame:
    """Load a tabular dataset as one DataFrame (features and target), SHA-256 verified.

    ``frame.attrs`` holds the dataset name, the datasheet path and, for synthetic data, a note
    saying so.
    """
    info = dataset_info(name)
    if not info["file"].endswith(".csv"):
        raise DataError(f"{name!r} is not a table; load it with data.load_{name}().")
    frame = pd.read_csv(verified_path(name), **info.get("read_csv", {}))
    frame.attrs.update(dataset=name, datasheet=str(Path(DATA_DIR) / info["datasheet"]))
    if "synthetic" in name:
        frame.attrs["note"] = SYNTHETIC_NOTE
    return frame


def load_xy(name: str) -> tuple[pd.DataFrame, pd.Series | pd.DataFrame]:
    """Load a tabular dataset as ``(X, y)``.

    ``y`` is a Series for classification and regression, and a DataFrame with ``time`` and ``event``
    (int 0/1) for survival datasets.
    """
    frame = load_frame(name)
    target = dataset_info(name)["target"]
    X = frame.drop(columns=target)
    y = frame[target]
    X.attrs.update(frame.attrs)
    return X, y


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST subset shaped like ``keras.datasets.mnist.load_data()``: uint8, 8,000 train and 2,000 test.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``; images ``(n, 28, 28)`` uint8 in 0..255, labels
        ``(n,)`` uint8 in 0..9.
    """
    with np.load(verified_path("mnist"), allow_pickle=False) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _check_fraction(label: str, value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < 1:
        raise DataError(f"{label} must be a fraction strictly between 0 and 1, got {value!r}.")


def _stratify_labels(y, stratify: bool):
    """What to stratify on: ``event`` for survival targets, y itself when it looks like classes."""
    if not stratify:
        return None
    if isinstance(y, pd.DataFrame):
        return y["event"] if "event" in y.columns else None
    labels = pd.Series(np.asarray(y).ravel())
    return labels.to_numpy() if labels.nunique() <= MAX_CLASSES_TO_STRATIFY else None


def split(X, y, val_size: float = 0.2, test_size: float = 0.2, seed: int = 42, stratify: bool = True):
    """Seeded train / validation / test split.

    With ``stratify=True`` the split keeps class proportions: on ``y`` for classification (at most 20
    distinct values), on ``y["event"]`` for survival; a continuous target (regression) is not
    stratified.

    Returns:
        ``X_train, X_val, X_test, y_train, y_val, y_test``.

    Raises:
        DataError: a fraction outside (0, 1), fractions summing to 1 or more, or X and y of different
        lengths.
    """
    from sklearn.model_selection import train_test_split

    _check_fraction("val_size", val_size)
    _check_fraction("test_size", test_size)
    if val_size + test_size >= 1:
        raise DataError(f"val_size + test_size must be below 1 to leave training data, got "
                        f"{val_size} + {test_size} = {val_size + test_size}.")
    if len(X) != len(y):
        raise DataError(f"X has {len(X)} rows but y has {len(y)}; they must describe the same patients.")
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=_stratify_labels(y, stratify))
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size / (1 - test_size), random_state=seed,
        stratify=_stratify_labels(y_rest, stratify))
    return X_train, X_val, X_test, y_train, y_val, y_test

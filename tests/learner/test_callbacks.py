"""StopAtTarget stops at the target, not before, and explains a missing metric."""

import numpy as np
import pytest

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402

from course_utils.callbacks import StopAtTarget  # noqa: E402


def _fit(callback, epochs=30):
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 64).reshape(-1, 1).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.1), "binary_crossentropy", metrics=["accuracy"])
    return model.fit(x, y, validation_data=(x, y), epochs=epochs, verbose=0, callbacks=[callback])


def test_stops_when_target_reached():
    callback = StopAtTarget("val_accuracy", target=0.9)
    history = _fit(callback)
    accuracy = history.history["val_accuracy"]
    assert callback.stopped_epoch == len(accuracy) < 30
    assert accuracy[-1] >= 0.9 and all(value < 0.9 for value in accuracy[:-1])


def test_min_mode_and_unreachable_target_runs_all_epochs():
    callback = StopAtTarget("val_loss", target=-1.0, mode="min")
    history = _fit(callback, epochs=3)
    assert callback.stopped_epoch is None and len(history.history["loss"]) == 3


def test_missing_metric_is_explained():
    with pytest.raises(KeyError, match="not in the epoch logs"):
        _fit(StopAtTarget("val_auc", target=0.9), epochs=1)


@pytest.mark.parametrize("kwargs", [{"mode": "biggest"}, {"target": float("nan")}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        StopAtTarget(**kwargs)

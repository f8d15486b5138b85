"""diagnosis_model builds the architecture it is asked for."""

import pytest

from course_utils import environment

environment.quiet_tensorflow()
from course_utils.models import diagnosis_model, fit_cached  # noqa: E402


def test_default_model_shape_and_parameters():
    model = diagnosis_model(30)
    assert model.output_shape == (None, 1)
    assert model.count_params() == 30 * 16 + 16 + 16 + 1
    assert model.loss == "binary_crossentropy"


def test_regularizers_and_dropout():
    model = diagnosis_model(5, hidden=(8, 4), dropout=0.3, l2=0.01)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    dense = model.layers[0].get_config()
    assert dense["kernel_regularizer"]["config"]["l2"] == pytest.approx(0.01)


@pytest.mark.parametrize("kwargs", [{"n_features": 0}, {"n_features": 3, "hidden": ()},
                                    {"n_features": 3, "dropout": 1.0}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        diagnosis_model(**kwargs)


def test_fit_cached_trains_like_fit_and_logs_validation():
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3))
    y = (x[:, 0] > 0).astype(int)
    model = diagnosis_model(3, hidden=(4,), learning_rate=0.05)
    history = fit_cached(model, x, y, epochs=30, batch_size=16, validation_data=(x, y))
    assert len(history.history["val_loss"]) == 30
    assert history.history["loss"][-1] < history.history["loss"][0]
    with pytest.raises(ValueError, match="same patients"):
        fit_cached(model, x, y[:10], epochs=1)


def test_cross_entropy_metric_ignores_the_penalty_and_survives_saving(tmp_path):
    import keras
    import numpy as np

    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    y = (x[:, 0] > 0).astype(int)
    model = diagnosis_model(1, hidden=(2,), l2=10.0)
    loss, _, _, cross_entropy = model.evaluate(x, y, verbose=0)
    assert loss > cross_entropy > 0
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras")
    assert restored.evaluate(x, y, verbose=0)[3] == pytest.approx(cross_entropy, rel=1e-5)

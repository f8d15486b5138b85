"""diagnosis_model builds the architecture it is asked for."""

import pytest

from course_utils import environment

environment.quiet_tensorflow()
from course_utils.models import diagnosis_model  # noqa: E402


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

"""optimizer_path records the weights a Keras optimizer visits on a toy loss."""

import keras
import numpy as np
import pytest

from course_utils import optim


def test_ravine_loss_is_zero_at_the_minimum_and_steeper_along_w2():
    assert optim.ravine_loss(np.zeros(2)) == 0
    assert optim.ravine_loss(np.array([0.0, 1.0])) > optim.ravine_loss(np.array([1.0, 0.0]))


def test_ravine_loss_works_on_grids():
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 4)))
    assert optim.ravine_loss(grid).shape == (4, 3)


def test_sgd_path_matches_the_update_rule_by_hand():
    path = optim.optimizer_path(keras.optimizers.SGD(learning_rate=0.1), start=(-4.0, 1.0), steps=2)
    curvature = np.array(optim.RAVINE_CURVATURE)
    expected = [np.array([-4.0, 1.0])]
    for _ in range(2):
        expected.append(expected[-1] - 0.1 * curvature * expected[-1])
    np.testing.assert_allclose(path, np.array(expected), rtol=1e-5)


def test_every_optimizer_gets_closer_to_the_minimum():
    for optimizer in (keras.optimizers.SGD(0.3), keras.optimizers.SGD(0.05, momentum=0.9),
                      keras.optimizers.Adam(0.3)):
        path = optim.optimizer_path(optimizer, steps=40)
        assert path.shape == (41, 2)
        assert optim.ravine_loss(path[-1]) < 0.1 * optim.ravine_loss(path[0])


@pytest.mark.parametrize("start", [(1.0,), (1.0, 2.0, 3.0), ("a", "b"), (np.nan, 1.0), None])
def test_bad_start_is_rejected_with_a_clear_message(start):
    with pytest.raises(ValueError, match="start must be two"):
        optim.optimizer_path(keras.optimizers.SGD(0.1), start=start, steps=1)


@pytest.mark.parametrize("steps", [0, -3, 2.5, True])
def test_bad_steps_are_rejected(steps):
    with pytest.raises(ValueError, match="steps must be a positive whole number"):
        optim.optimizer_path(keras.optimizers.SGD(0.1), steps=steps)

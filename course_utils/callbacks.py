"""Custom Keras callbacks.

Introduced in ``06_training.ipynb``: the seed article trains "until a preset
accuracy or number of iterations" (直到达到预定的准确率或迭代次数); ``epochs``
gives the number of iterations and :class:`StopAtTarget` the preset accuracy.
"""

import math

import keras


class StopAtTarget(keras.callbacks.Callback):
    """Stop training once a monitored metric reaches a target value.

    Args:
        monitor: a name from the epoch logs, e.g. ``"val_auc"`` or ``"val_loss"``.
        target: the value to reach.
        mode: ``"max"`` (stop when ``metric >= target``) or ``"min"`` (``metric <= target``).

    Attributes:
        stopped_epoch: the 1-based epoch at which the target was reached, or ``None``.
    """

    def __init__(self, monitor: str = "val_accuracy", target: float = 0.95, mode: str = "max"):
        super().__init__()
        if mode not in ("max", "min"):
            raise ValueError(f"mode must be 'max' or 'min', got {mode!r}.")
        if not math.isfinite(target):
            raise ValueError(f"target must be a finite number, got {target!r}.")
        self.monitor = monitor
        self.target = float(target)
        self.mode = mode
        self.stopped_epoch = None

    def on_train_begin(self, logs=None):
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.monitor not in logs:
            raise KeyError(f"StopAtTarget monitors '{self.monitor}', which is not in the epoch logs "
                           f"{sorted(logs)}; pass validation data or compile with that metric.")
        value = float(logs[self.monitor])
        reached = value >= self.target if self.mode == "max" else value <= self.target
        if reached:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True

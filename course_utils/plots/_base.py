"""What every plot module shares."""

import matplotlib.pyplot as plt


def new_axes(ax=None, figsize=(6, 4)):
    """``ax`` if given, else the Axes of a new figure of ``figsize``."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax

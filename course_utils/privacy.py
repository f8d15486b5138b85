"""Privacy machinery: Safe Harbor de-identification, k-anonymity, membership inference, DP-SGD.

Introduced in ``11_privacy.ipynb``, which works on the SYNTHETIC EHR cohort (no real patients).

- HIPAA's Safe Harbor method (45 CFR 164.514(b)(2)) removes 18 kinds of identifiers; the helpers
  here cover those present in the cohort: names, record numbers, dates, ZIP codes and ages over 89.
- k-anonymity: every record shares its quasi-identifier values with at least k - 1 others.
- A loss-threshold membership-inference attack: training patients tend to have lower loss.
- DP-SGD (Abadi et al. 2016): draw a Poisson-sampled batch, clip each patient's gradient to norm C,
  add Gaussian noise of standard deviation sigma * C to the sum, then divide by the expected batch size.
"""

import numpy as np
import pandas as pd

# Three-digit ZIP prefixes whose areas held 20,000 people or fewer (2000 Census, per HHS guidance);
# Safe Harbor replaces them by "000".
RESTRICTED_ZIP3 = frozenset({"036", "059", "063", "102", "203", "556", "692", "790", "821", "823",
                             "830", "831", "878", "879", "884", "890", "893"})
DIRECT_IDENTIFIERS = ("patient_name", "mrn")
DATE_AND_PLACE_COLUMNS = ("date_of_birth", "admission_date", "zip_code")
OLDEST_AGE_SHOWN = 89


def generalize_zip(zip_code) -> str:
    """A ZIP code cut to its first three digits, or ``"000"`` for a restricted prefix.

    Integers are padded back to five digits (``2134`` is ZIP ``02134``); ZIP+4 (``02134-1234``)
    is accepted.

    Raises:
        ValueError: not a 5-digit ZIP code.
    """
    if isinstance(zip_code, bool):
        raise ValueError(f"not a ZIP code: {zip_code!r}")
    if isinstance(zip_code, int | np.integer):
        zip_code = f"{int(zip_code):05d}"
    text = str(zip_code).strip().split("-")[0]
    if len(text) != 5 or not text.isdigit():
        raise ValueError(f"not a 5-digit ZIP code: {zip_code!r}")
    prefix = text[:3]
    return "000" if prefix in RESTRICTED_ZIP3 else prefix


def generalize_age(age) -> str:
    """An age as text, with every age over 89 grouped into ``"90+"`` (Safe Harbor).

    Raises:
        ValueError: a negative or missing age.
    """
    value = float(age)
    if not value >= 0:
        raise ValueError(f"an age must be a non-negative number, got {age!r}")
    return "90+" if value > OLDEST_AGE_SHOWN else str(int(value))


def age_band(age, width: int = 10) -> str:
    """A coarser age group (``"60-69"``), with ``"90+"`` kept as one group."""
    value = float(age)
    if value > OLDEST_AGE_SHOWN:
        return "90+"
    low = int(value // width * width)
    return f"{low}-{min(low + width - 1, OLDEST_AGE_SHOWN)}"


def safe_harbor(frame: pd.DataFrame) -> pd.DataFrame:
    """The cohort de-identified along Safe Harbor's categories present in it.

    Drops names and record numbers; keeps only the year of each date (and no birth year for
    patients over 89, since it would reveal their age); cuts ZIP codes to three digits; groups
    ages over 89 into ``"90+"``.
    """
    needed = (*DIRECT_IDENTIFIERS, *DATE_AND_PLACE_COLUMNS, "age")
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise ValueError(f"the frame lacks the identifier columns {missing}; pass the raw EHR cohort.")
    released = frame.drop(columns=[*DIRECT_IDENTIFIERS, *DATE_AND_PLACE_COLUMNS])
    over_89 = frame["age"] > OLDEST_AGE_SHOWN
    birth_year = pd.to_datetime(frame["date_of_birth"]).dt.year.astype("Int64")
    released.insert(0, "birth_year", birth_year.mask(over_89))
    released.insert(1, "admission_year", pd.to_datetime(frame["admission_date"]).dt.year)
    released.insert(2, "zip3", frame["zip_code"].map(generalize_zip))
    released["age"] = frame["age"].map(generalize_age)
    return released


def equivalence_class_sizes(frame: pd.DataFrame, quasi_identifiers: list[str]) -> pd.Series:
    """For each record, how many records share all its quasi-identifier values (itself included)."""
    unknown = [column for column in quasi_identifiers if column not in frame.columns]
    if unknown:
        raise ValueError(f"unknown quasi-identifier columns {unknown}; the frame has {list(frame.columns)}.")
    columns = list(quasi_identifiers)
    sizes = frame.groupby(columns, dropna=False, sort=False)[columns[0]].transform("size")
    return sizes.rename("class_size")


def membership_attack_auc(member_losses, nonmember_losses) -> float:
    """AUC of the loss-threshold attack: "lower loss means the patient was in the training set".

    0.5 means the attacker learns nothing; 1.0 means membership is fully revealed.
    """
    from sklearn.metrics import roc_auc_score

    member_losses, nonmember_losses = np.ravel(member_losses), np.ravel(nonmember_losses)
    is_member = np.r_[np.ones(member_losses.size), np.zeros(nonmember_losses.size)]
    return float(roc_auc_score(is_member, -np.r_[member_losses, nonmember_losses]))


def clip_per_example(gradients, l2_norm_clip: float):
    """Clip each example's gradient (across all variables) to L2 norm ``l2_norm_clip``.

    Args:
        gradients: one tensor per variable, each of shape ``(batch, *variable_shape)``.

    Returns:
        The clipped gradients, same shapes.
    """
    import tensorflow as tf

    squared = [tf.reduce_sum(tf.reshape(g, [tf.shape(g)[0], -1]) ** 2, axis=1) for g in gradients]
    norms = tf.sqrt(tf.add_n(squared))
    scale = tf.minimum(1.0, l2_norm_clip / tf.maximum(norms, 1e-12))
    return [g * tf.reshape(scale, [-1] + [1] * (len(g.shape) - 1)) for g in gradients]


def poisson_batches(n_patients: int, sample_rate: float, steps: int, seed: int = 0):
    """Batches drawn by Poisson sampling: each patient joins each batch independently.

    This is the sampling the RDP accountant (``dp_sgd_epsilon``) assumes. Batch sizes vary around
    ``sample_rate * n_patients``; a batch may even be empty.

    Returns:
        An iterator over ``steps`` arrays of patient indices, each in increasing order.
    """
    if n_patients < 1 or not 0 < sample_rate <= 1 or steps < 1:
        raise ValueError("need n_patients >= 1, 0 < sample_rate <= 1 and steps >= 1.")
    rng = np.random.default_rng(seed)
    return (np.flatnonzero(rng.random(n_patients) < sample_rate) for _ in range(steps))


def dp_sgd_gradients(model, x, y, l2_norm_clip: float, noise_multiplier: float, batch_size=None,
                     noise_generator=None):
    """The DP-SGD gradient of a binary classifier on one batch.

    Per-example gradients of the binary cross-entropy (by a batch Jacobian), each clipped to norm
    ``l2_norm_clip``; their sum plus Gaussian noise of standard deviation
    ``noise_multiplier * l2_norm_clip``, divided by ``batch_size``.

    Args:
        batch_size: the divisor; by default the rows of ``x``. With Poisson sampling pass the
            expected batch size ``sample_rate * n_patients``: the drawn size depends on who was sampled.
        noise_generator: a ``tf.random.Generator`` for the noise (reseed it to repeat a run);
            by default ``tf.random.normal``.

    Returns:
        One gradient tensor per trainable variable of ``model``.
    """
    import tensorflow as tf

    y = tf.reshape(tf.cast(y, tf.float32), [-1, 1])
    with tf.GradientTape() as tape:
        probabilities = tf.clip_by_value(model(x, training=True), 1e-7, 1 - 1e-7)
        losses = -(y * tf.math.log(probabilities) + (1 - y) * tf.math.log(1 - probabilities))
        losses = tf.reshape(losses, [-1])
    per_example = tape.jacobian(losses, model.trainable_variables)
    clipped = clip_per_example(per_example, l2_norm_clip)
    divisor = tf.cast(tf.shape(x)[0] if batch_size is None else batch_size, tf.float32)
    # multiply_no_nan: no noise at all when noise_multiplier is 0, even with l2_norm_clip = inf
    stddev = tf.math.multiply_no_nan(tf.cast(l2_norm_clip, tf.float32), tf.cast(noise_multiplier, tf.float32))
    normal = tf.random.normal if noise_generator is None else noise_generator.normal
    noisy = [tf.reduce_sum(g, axis=0) + normal(tf.shape(g)[1:], stddev=stddev) for g in clipped]
    return [g / divisor for g in noisy]


def dp_sgd_epsilon(noise_multiplier: float, sample_rate: float, steps: int, delta: float = 1e-5,
                   orders=tuple(range(2, 129))) -> float:
    """An upper bound on the epsilon of DP-SGD, by Renyi differential privacy (RDP).

    Uses the RDP of the sampled Gaussian mechanism at integer orders (Mironov, Talwar & Zhang 2019),
    composed over ``steps`` and converted to ``(epsilon, delta)``-DP with
    ``epsilon = min_a [steps * rdp(a) + log(1 / delta) / (a - 1)]`` (Mironov 2017). It assumes Poisson
    sampling: each patient joins each batch independently with probability ``sample_rate``
    (``poisson_batches``). Shuffled fixed-size batches are a different mechanism that this bound
    does not cover (Chua et al. 2024 show their true epsilon can be much larger).

    Returns:
        epsilon (``inf`` when ``noise_multiplier`` is 0).
    """
    from scipy.special import gammaln, logsumexp

    if not 0 < sample_rate <= 1 or steps < 1 or not 0 < delta < 1:
        raise ValueError("need 0 < sample_rate <= 1, steps >= 1 and 0 < delta < 1.")
    if noise_multiplier <= 0:
        return float("inf")
    best = float("inf")
    for order in orders:
        i = np.arange(order + 1)
        log_binomial = gammaln(order + 1) - gammaln(i + 1) - gammaln(order - i + 1)
        log_terms = log_binomial + i * np.log(sample_rate) + (i * i - i) / (2 * noise_multiplier**2)
        if sample_rate < 1:
            log_terms = log_terms + (order - i) * np.log1p(-sample_rate)
        else:
            log_terms = np.where(i == order, log_terms, -np.inf)
        rdp = logsumexp(log_terms) / (order - 1)
        best = min(best, steps * rdp + np.log(1 / delta) / (order - 1))
    return float(best)

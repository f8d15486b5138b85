"""Unit tests for course_utils.privacy (de-identification, k-anonymity, membership attack, DP-SGD)."""

import numpy as np
import pandas as pd
import pytest

from course_utils import data, privacy


@pytest.mark.parametrize(("zip_code", "expected"), [
    ("02134", "021"), (2134, "021"), ("94305-1234", "943"), ("03601", "000"), ("89301", "000"),
    (np.int64(10001), "100"), (" 60614 ", "606"),
])
def test_generalize_zip(zip_code, expected):
    assert privacy.generalize_zip(zip_code) == expected


@pytest.mark.parametrize("bad", ["123", "ABCDE", "021345", None, 3.5, True])
def test_generalize_zip_rejects_non_zip(bad):
    with pytest.raises(ValueError, match="ZIP"):
        privacy.generalize_zip(bad)


@pytest.mark.parametrize(("age", "expected"), [(0, "0"), (45, "45"), (89, "89"), (89.9, "90+"), (90, "90+"),
                                               (104, "90+"), (np.int64(67), "67")])
def test_generalize_age(age, expected):
    assert privacy.generalize_age(age) == expected


@pytest.mark.parametrize("bad", [-1, float("nan")])
def test_generalize_age_rejects_bad_ages(bad):
    with pytest.raises(ValueError, match="age"):
        privacy.generalize_age(bad)


def test_age_band():
    assert [privacy.age_band(a) for a in (18, 60, 69, 85, 89, 90, 97)] == [
        "10-19", "60-69", "60-69", "80-89", "80-89", "90+", "90+"]


def test_safe_harbor_on_the_synthetic_cohort():
    raw = data.load_frame("ehr_synthetic")
    released = privacy.safe_harbor(raw)
    assert not {"patient_name", "mrn", "date_of_birth", "admission_date", "zip_code"} & set(released.columns)
    assert released["zip3"].str.fullmatch(r"\d{3}").all()
    over_89 = raw["age"] > 89
    assert (released.loc[over_89, "age"] == "90+").all() and released.loc[over_89, "birth_year"].isna().all()
    assert released.loc[~over_89, "birth_year"].notna().all()
    assert released["admission_year"].between(2021, 2023).all()
    with pytest.raises(ValueError, match="identifier columns"):
        privacy.safe_harbor(released)


def test_equivalence_classes_and_k():
    table = pd.DataFrame({"sex": ["F", "F", "M", "M", "M"], "zip3": ["021", "021", "021", "021", None]})
    assert privacy.equivalence_class_sizes(table, ["sex", "zip3"]).tolist() == [2, 2, 2, 2, 1]
    assert privacy.equivalence_class_sizes(table, ["sex"]).min() == 2
    with pytest.raises(ValueError, match="unknown quasi-identifier"):
        privacy.equivalence_class_sizes(table, ["age"])


def test_membership_attack_auc():
    assert privacy.membership_attack_auc([0.1, 0.2], [0.5, 0.9]) == 1.0
    assert privacy.membership_attack_auc([0.5, 0.9], [0.1, 0.2]) == 0.0
    assert privacy.membership_attack_auc([0.3, 0.3], [0.3, 0.3]) == 0.5


def _tiny_model():
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


def test_clip_per_example_uses_the_norm_across_all_variables():
    import tensorflow as tf

    gradients = [tf.constant([[3.0, 0.0], [0.3, 0.0]]), tf.constant([[4.0], [0.4]])]
    clipped = privacy.clip_per_example(gradients, 1.0)
    np.testing.assert_allclose(clipped[0].numpy(), [[0.6, 0.0], [0.3, 0.0]], atol=1e-6)
    np.testing.assert_allclose(clipped[1].numpy(), [[0.8], [0.4]], atol=1e-6)


def test_dp_sgd_without_clipping_or_noise_is_the_ordinary_gradient():
    import keras
    import tensorflow as tf

    model = _tiny_model()
    x = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    y = np.array([0, 1, 1, 0, 1, 0], dtype="float32")
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(y[:, None], model(x))
        loss = tf.reduce_mean(loss)
    expected = tape.gradient(loss, model.trainable_variables)
    ours = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=np.inf, noise_multiplier=0.0)
    for mine, reference in zip(ours, expected, strict=True):
        np.testing.assert_allclose(mine.numpy(), reference.numpy(), atol=1e-5)


def test_dp_sgd_clips_each_example_and_adds_noise_of_the_stated_size():
    model = _tiny_model()
    x = np.random.default_rng(2).normal(size=(4, 3)).astype("float32") * 50
    y = np.array([1, 0, 1, 0], dtype="float32")
    clipped = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.01, noise_multiplier=0.0)
    assert np.sqrt(sum(float(np.sum(g.numpy() ** 2)) for g in clipped)) <= 0.01 + 1e-6
    noisy = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.01, noise_multiplier=100.0)
    deviation = np.concatenate([(n - c).numpy().ravel() for n, c in zip(noisy, clipped, strict=True)])
    assert np.std(deviation) == pytest.approx(100 * 0.01 / 4, rel=0.5)


def test_epsilon_full_batch_matches_the_gaussian_mechanism():
    sigma, steps, delta = 2.0, 10, 1e-5
    orders = np.arange(2, 129)
    expected = np.min(steps * orders / (2 * sigma**2) + np.log(1 / delta) / (orders - 1))
    assert privacy.dp_sgd_epsilon(sigma, 1.0, steps, delta) == pytest.approx(expected)


def test_epsilon_shrinks_with_noise_and_subsampling_and_grows_with_steps():
    base = privacy.dp_sgd_epsilon(1.0, 0.1, 100)
    assert privacy.dp_sgd_epsilon(2.0, 0.1, 100) < base
    assert privacy.dp_sgd_epsilon(1.0, 0.01, 100) < base
    assert privacy.dp_sgd_epsilon(1.0, 0.1, 1000) > base
    assert privacy.dp_sgd_epsilon(0.0, 0.1, 100) == float("inf")
    with pytest.raises(ValueError):
        privacy.dp_sgd_epsilon(1.0, 0.0, 100)

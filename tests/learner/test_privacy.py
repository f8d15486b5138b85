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


def test_safe_harbor_by_hand_on_patients_at_the_age_limit_and_in_a_restricted_zip_area():
    raw = pd.DataFrame({
        "patient_name": ["Ann", "Bob", "Cy"], "mrn": ["M1", "M2", "M3"], "age": [72, 90, 89],
        "date_of_birth": ["1950-03-04", "1931-12-31", "1933-06-01"],
        "zip_code": ["02134", "03601", "94305-1234"],
        "admission_date": ["2022-05-06", "2021-01-02", "2023-07-08"], "sex": ["F", "M", "F"]})
    released = privacy.safe_harbor(raw)
    assert list(released.columns) == ["birth_year", "admission_year", "zip3", "age", "sex"]
    assert released["birth_year"].tolist()[::2] == [1950, 1933] and pd.isna(released.loc[1, "birth_year"])
    assert released["birth_year"].dtype == "Int64"  # whole years with a gap, shown as 1950, not 1950.0
    assert released["admission_year"].tolist() == [2022, 2021, 2023]
    assert released["zip3"].tolist() == ["021", "000", "943"]  # 036 held 20,000 people or fewer
    assert released["age"].tolist() == ["72", "90+", "89"] and released["sex"].tolist() == ["F", "M", "F"]
    assert raw["zip_code"].tolist()[0] == "02134" and raw["age"].tolist() == [72, 90, 89]  # not modified
    with pytest.raises(ValueError, match=r"lacks the identifier columns \['mrn'\]"):
        privacy.safe_harbor(raw.drop(columns="mrn"))


def test_every_restricted_zip_prefix_becomes_000_and_its_neighbours_do_not():
    assert len(privacy.RESTRICTED_ZIP3) == 17
    for prefix in privacy.RESTRICTED_ZIP3:
        assert privacy.generalize_zip(f"{prefix}42") == "000"
        neighbour = f"{int(prefix) + 1:03d}"
        assert neighbour in privacy.RESTRICTED_ZIP3 or privacy.generalize_zip(f"{neighbour}42") == neighbour


@pytest.mark.parametrize(("age", "width", "expected"), [
    (62, 5, "60-64"), (87, 5, "85-89"), (85, 20, "80-89"), (89.5, 10, "90+"), (0, 10, "0-9"),
    (9.9, 10, "0-9")])
def test_age_band_widths_and_the_top_band_stops_at_89(age, width, expected):
    assert privacy.age_band(age, width) == expected


def test_equivalence_class_sizes_keep_the_record_order_and_are_named_class_size():
    table = pd.DataFrame({"sex": ["M", "F", "M", "F", "M", "F"],
                          "zip3": ["100", "021", "021", "021", "100", "100"]})
    sizes = privacy.equivalence_class_sizes(table, ["sex", "zip3"])
    assert sizes.tolist() == [2, 2, 1, 2, 2, 1] and sizes.name == "class_size"
    assert privacy.equivalence_class_sizes(table, ["zip3"]).tolist() == [3, 3, 3, 3, 3, 3]


def test_membership_attack_auc_by_hand_with_ties():
    members, non_members = [0.1, 0.4], [0.4, 0.9, 0.3]
    # pairs (member, non-member): 0.1 beats all 3; 0.4 ties 0.4, beats 0.9, loses to 0.3 -> (3 + 1.5) / 6
    assert privacy.membership_attack_auc(members, non_members) == pytest.approx(4.5 / 6, rel=1e-12)
    assert privacy.membership_attack_auc(np.array([[0.2], [0.5]]), [0.6]) == 1.0


# Notebook 11's membership-attack network: 300 members, expected batches of 50 (sample rate 1/6),
# 360 steps, delta 1e-5.
NOTEBOOK_11 = {"sample_rate": 50 / 300, "steps": 60 * 6, "delta": 1e-5}  # delta: the default


@pytest.mark.parametrize(("sigma", "expected", "tighter"), [
    (1.0, 28.29827379901309, 26.911979437893198),
    (2.0, 10.011745548244154, 9.227971593024566),
    (4.0, 4.282326820935587, 3.7683144782659097),
])
def test_epsilon_at_the_notebook_settings_matches_dp_accounting(sigma, expected, tighter):
    """``expected``: dp-accounting 0.6.0's RdpAccountant (PoissonSampledDpEvent of a GaussianDpEvent,
    self-composed 360 times, orders 2..128), converted with Mironov's (2017) bound as the course does;
    ``tighter``: that accountant's own ``get_epsilon``, which uses a sharper conversion."""
    epsilon = privacy.dp_sgd_epsilon(sigma, NOTEBOOK_11["sample_rate"], NOTEBOOK_11["steps"])
    assert epsilon == pytest.approx(expected, rel=1e-12)
    assert epsilon > tighter


@pytest.mark.parametrize(("sigma", "order"), [(4.0, 7), (2.0, 4), (1.0, 2), (1.0, 5)])
def test_renyi_divergence_matches_numerical_integration_of_the_sampled_gaussian(sigma, order):
    """At one order, epsilon = steps * log(A) / (order - 1) + log(1 / delta) / (order - 1) with
    A = E_z~N(0, sigma^2)[((1 - q) + q exp((2z - 1) / (2 sigma^2)))^order] (Mironov, Talwar & Zhang 2019)."""
    from scipy import integrate, stats

    q, steps, delta = NOTEBOOK_11.values()

    def integrand(z):
        return stats.norm.pdf(z, 0, sigma) * ((1 - q) + q * np.exp((2 * z - 1) / (2 * sigma**2))) ** order

    moment = integrate.quad(integrand, -60, 60, epsabs=0, epsrel=1e-13, limit=200, points=[0, order])[0]
    expected = (steps * np.log(moment) + np.log(1 / delta)) / (order - 1)
    epsilon = privacy.dp_sgd_epsilon(sigma, q, steps, delta, orders=(order,))
    assert epsilon == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("arguments", [(1.0, 1.01, 10), (1.0, 0.1, 0), (1.0, 0.1, 10, 0.0),
                                       (1.0, 0.1, 10, 1.0)])
def test_epsilon_refuses_impossible_settings(arguments):
    with pytest.raises(ValueError, match="need 0 < sample_rate <= 1, steps >= 1 and 0 < delta < 1"):
        privacy.dp_sgd_epsilon(*arguments)


def _logistic_neuron(weights, bias):
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.array(weights, dtype="float32").reshape(2, 1), np.array([bias], dtype="float32")])
    return model


def test_dp_sgd_gradient_by_hand_for_one_neuron_with_healthy_and_sick_patients_clipped():
    """For p = sigmoid(w.x + b) the cross-entropy gradient of one patient is (p - y) [x, 1]."""
    x = np.array([[2.0, -1.0], [0.5, 0.5], [-3.0, 2.0], [1.0, 3.0], [0.1, -0.2]], dtype="float32")
    y = np.array([0, 1, 0, 1, 0], dtype="float32")
    weights, bias, clip = np.array([0.8, -0.4]), 0.3, 0.9
    p = 1 / (1 + np.exp(-(x @ weights + bias)))
    assert np.abs(p[y == 0] - 0.5).min() > 0.1  # healthy patients' p far from 0.5: log(p) would show
    per_patient = (p - y)[:, None] * np.c_[x, np.ones(5)]
    norms = np.linalg.norm(per_patient, axis=1)
    assert (norms > clip).sum() == 2 and (norms < clip).sum() == 3  # some clipped, some not
    expected = (per_patient * np.minimum(1, clip / norms)[:, None]).mean(axis=0)
    model = _logistic_neuron(weights, bias)
    ours = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=clip, noise_multiplier=0.0)
    np.testing.assert_allclose(np.r_[ours[0].numpy().ravel(), ours[1].numpy()], expected, rtol=1e-5)


def test_dp_sgd_noise_has_standard_deviation_sigma_times_clip_over_batch_size():
    import keras

    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(200, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    x = np.random.default_rng(4).normal(size=(4, 10)).astype("float32")
    y = np.array([1, 0, 0, 1], dtype="float32")
    clipped = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.5, noise_multiplier=0.0)
    noisy = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.5, noise_multiplier=3.0)
    noise = np.concatenate([(n - c).numpy().ravel() for n, c in zip(noisy, clipped, strict=True)])
    assert noise.size == 2401  # 2401 draws: the sample standard deviation is within 1.5% (1 SE)
    assert np.std(noise) == pytest.approx(3.0 * 0.5 / 4, rel=0.06) and abs(noise.mean()) < 0.02


@pytest.mark.parametrize("call, message", [
    (lambda: privacy.generalize_zip(True), "not a ZIP code: True"),
    (lambda: privacy.generalize_zip("0213"), "not a 5-digit ZIP code: '0213'"),
    (lambda: privacy.generalize_zip(123456), "not a 5-digit ZIP code: '123456'"),
    (lambda: privacy.generalize_age(-3), "an age must be a non-negative number, got -3"),
    (lambda: privacy.safe_harbor(pd.DataFrame({"age": [50]})),
     "the frame lacks the identifier columns ['patient_name', 'mrn', 'date_of_birth', 'admission_date', "
     "'zip_code']; pass the raw EHR cohort."),
    (lambda: privacy.equivalence_class_sizes(pd.DataFrame({"sex": ["F"]}), ["sex", "zip3"]),
     "unknown quasi-identifier columns ['zip3']; the frame has ['sex']."),
    (lambda: privacy.dp_sgd_epsilon(1.0, 0.0, 10),
     "need 0 < sample_rate <= 1, steps >= 1 and 0 < delta < 1."),
])
def test_every_refusal_says_exactly_what_is_wrong(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


def test_epsilon_uses_the_orders_2_to_128_by_default_and_accepts_one_step():
    """With much noise the best order is the largest one tried, so the default range shows."""
    epsilon = privacy.dp_sgd_epsilon(20.0, 0.01, 1)
    assert epsilon == privacy.dp_sgd_epsilon(20.0, 0.01, 1, orders=range(2, 129))
    assert epsilon > privacy.dp_sgd_epsilon(20.0, 0.01, 1, orders=range(2, 130)) + 1e-4


def test_a_zero_gradient_is_left_at_zero_by_clipping():
    import tensorflow as tf

    clipped = privacy.clip_per_example([tf.constant([[0.0, 0.0], [0.3, 0.4]])], 0.25)
    np.testing.assert_allclose(clipped[0].numpy(), [[0.0, 0.0], [0.15, 0.2]], rtol=1e-6)


def test_dp_sgd_gradients_are_taken_in_training_mode():
    """With dropout active the gradient differs from the inference-mode gradient."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(5)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(0.5), keras.layers.Dense(1, activation="sigmoid")])
    x = np.random.default_rng(6).normal(size=(6, 3)).astype("float32")
    y = np.array([0, 1, 1, 0, 1, 0], dtype="float32")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y[:, None], model(x, training=False)))
    inference = tape.gradient(loss, model.trainable_variables)
    ours = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=np.inf, noise_multiplier=0.0)
    assert not np.allclose(ours[0].numpy(), inference[0].numpy(), atol=1e-4)


def test_no_noise_means_no_privacy_without_numerical_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert privacy.dp_sgd_epsilon(0.0, 0.1, 100) == float("inf")


@pytest.mark.parametrize("sigma", [0.7, 1.0, 2.0, 4.0])
@pytest.mark.parametrize(("sample_rate", "steps", "delta"), [(0.05, 100, 1e-5), (0.01, 1000, 1e-6)])
def test_epsilon_matches_dp_accounting_live(sigma, sample_rate, steps, delta):
    """Notebook 11's trade-off (sample rate 0.05, 100 steps) and a second setting, against Google's
    dp-accounting: its RDP of the Poisson-sampled Gaussian, converted with Mironov's (2017) bound as
    the course does, must give our epsilon; its own sharper conversion gives a smaller one."""
    import dp_accounting
    from dp_accounting.rdp import rdp_privacy_accountant

    orders = np.arange(2, 129)
    accountant = rdp_privacy_accountant.RdpAccountant(orders=orders.tolist())
    event = dp_accounting.PoissonSampledDpEvent(sample_rate, dp_accounting.GaussianDpEvent(sigma))
    accountant.compose(event, steps)
    mironov = np.min(accountant._rdp + np.log(1 / delta) / (orders - 1))
    ours = privacy.dp_sgd_epsilon(sigma, sample_rate, steps, delta)
    assert ours == pytest.approx(mironov, rel=1e-9)
    assert accountant.get_epsilon(delta) < ours < 1.3 * accountant.get_epsilon(delta)


def test_poisson_batches_include_each_patient_independently_at_the_sample_rate():
    batches = list(privacy.poisson_batches(400, 0.25, 300, seed=3))
    sizes = np.array([len(batch) for batch in batches])
    assert len(batches) == 300 and all(np.all(np.diff(batch) > 0) for batch in batches)
    assert min(batch.min() for batch in batches) == 0 and max(batch.max() for batch in batches) == 399
    # binomial(400, 0.25): mean 100, sd sqrt(75) = 8.66; over 300 batches the mean is within 0.5 (1 SE)
    assert sizes.mean() == pytest.approx(100, abs=1.5) and sizes.std() == pytest.approx(8.66, rel=0.15)
    counts = np.bincount(np.concatenate(batches), minlength=400)  # per patient: binomial(300, 0.25)
    assert counts.mean() == pytest.approx(75, abs=0.5) and counts.std() == pytest.approx(7.5, rel=0.15)


def test_poisson_batches_are_seeded_may_be_empty_and_take_everyone_at_rate_one():
    first, again = (list(privacy.poisson_batches(5, 0.3, 20, seed=8)) for _ in range(2))
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    other = list(privacy.poisson_batches(5, 0.3, 20, seed=9))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))
    assert {len(batch) for batch in privacy.poisson_batches(1, 0.5, 40)} == {0, 1}
    assert all(batch.tolist() == [0, 1, 2] for batch in privacy.poisson_batches(3, 1.0, 4))


@pytest.mark.parametrize("arguments", [(0, 0.5, 3), (5, 0.0, 3), (5, 1.5, 3), (5, 0.5, 0)])
def test_poisson_batches_refuse_impossible_settings(arguments):
    with pytest.raises(ValueError) as error:
        privacy.poisson_batches(*arguments)  # at once, not at the first batch
    assert str(error.value) == "need n_patients >= 1, 0 < sample_rate <= 1 and steps >= 1."


def test_dp_sgd_divides_by_the_expected_batch_size_when_given():
    model = _logistic_neuron([0.8, -0.4], 0.3)
    x = np.array([[2.0, -1.0], [0.5, 0.5], [-3.0, 2.0]], dtype="float32")
    y = np.array([0, 1, 0], dtype="float32")
    by_rows = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.9, noise_multiplier=0.0)
    by_expected = privacy.dp_sgd_gradients(model, x, y, l2_norm_clip=0.9, noise_multiplier=0.0,
                                           batch_size=7.5)
    for rows, expected in zip(by_rows, by_expected, strict=True):
        np.testing.assert_allclose(expected.numpy(), rows.numpy() * 3 / 7.5, rtol=1e-6)


def test_an_empty_poisson_batch_gets_noise_only_from_the_given_generator():
    import tensorflow as tf

    model = _logistic_neuron([0.8, -0.4], 0.3)
    empty_x, empty_y = np.zeros((0, 2), dtype="float32"), np.zeros(0, dtype="float32")
    generator = tf.random.Generator.from_seed(11)
    noise = privacy.dp_sgd_gradients(model, empty_x, empty_y, 0.5, 3.0, batch_size=4.0,
                                     noise_generator=generator)
    expected = tf.random.Generator.from_seed(11)  # same draws, in the order of the variables
    for drawn, variable in zip(noise, model.trainable_variables, strict=True):
        np.testing.assert_allclose(drawn.numpy(), expected.normal(variable.shape, stddev=1.5).numpy() / 4,
                                   rtol=1e-6)
    generator.reset_from_seed(11)
    repeated = privacy.dp_sgd_gradients(model, empty_x, empty_y, 0.5, 3.0, batch_size=4.0,
                                        noise_generator=generator)
    for a, b in zip(noise, repeated, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_poisson_batches_default_to_seed_0_and_allow_a_single_step():
    rng = np.random.default_rng(0)
    expected = [np.flatnonzero(rng.random(7) < 0.4) for _ in range(3)]
    batches = list(privacy.poisson_batches(7, 0.4, 3))
    assert [batch.tolist() for batch in batches] == [batch.tolist() for batch in expected]
    assert len(list(privacy.poisson_batches(7, 0.4, 1))) == 1

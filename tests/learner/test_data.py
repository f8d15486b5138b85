"""course_utils.data: shapes, targets, splits, MNIST, errors, offline loading, datasheets."""

import json
import re
import shutil
import socket

import numpy as np
import pandas as pd
import pytest

from course_utils import data
from course_utils.data import sha256_of
from course_utils.paths import DATA_DIR

MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave_points", "symmetry", "fractal_dimension"]
BREAST_FEATURES = ([f"mean_{m}" for m in MEASURES] + [f"{m}_error" for m in MEASURES]
                   + [f"worst_{m}" for m in MEASURES])
SURVIVAL = ["time", "event"]
EXPECTED = {  # name: (rows, feature columns, target, positives or events)
    "breast_cancer": (569, BREAST_FEATURES, "malignant", 212),
    "diabetes": (442, ["age", "sex", "bmi", "bp", "tc", "ldl", "hdl", "tch", "ltg", "glu"], "progression",
                 None),
    "gbsg2": (686, ["age", "estrec", "horTh", "menostat", "pnodes", "pgr", "tgrade", "tsize"], SURVIVAL, 299),
    "veterans_lung": (137, ["age", "celltype", "karnofsky_score", "months_from_diagnosis", "prior_therapy",
                            "treatment"], SURVIVAL, 128),
    "ehr_synthetic": (2045, ["patient_name", "mrn", "date_of_birth", "zip_code", "admission_date", "age",
                             "sex", "bmi", "systolic_bp", "diastolic_bp", "glucose", "glucose_unit",
                             "cholesterol", "creatinine", "hba1c", "smoking_status", "diagnosis_code"],
                      "readmitted_30d", 342),
}
TABLES = list(EXPECTED)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that the loaders use, so tests can break files safely."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    return copy


def test_list_datasets_is_a_table_of_every_dataset():
    table = data.list_datasets()
    assert list(table["name"]) == [*TABLES[:4], "mnist", "ehr_synthetic"]
    assert {"name", "file", "rows", "task", "description"} <= set(table.columns)
    assert table.set_index("name").loc["gbsg2", "target"] == "time, event"


@pytest.mark.parametrize("name", TABLES)
def test_load_xy_shapes_columns_and_targets(name):
    rows, features, target, positives = EXPECTED[name]
    X, y = data.load_xy(name)
    assert list(X.columns) == features
    assert len(X) == len(y) == rows == data.dataset_info(name)["rows"]
    if isinstance(target, list):
        assert list(y.columns) == ["time", "event"]
        assert set(y["event"].unique()) == {0, 1} and y["event"].dtype.kind == "i"
        assert (y["time"] > 0).all() and y["event"].sum() == positives
    else:
        assert y.name == target
    if positives is not None and not isinstance(target, list):
        assert set(y.unique()) == {0, 1} and y.sum() == positives


def test_load_frame_is_features_plus_target():
    frame = data.load_frame("breast_cancer")
    assert frame.shape == (569, 31) and frame.columns[-1] == "malignant"
    assert frame.attrs["dataset"] == "breast_cancer"


def test_breast_cancer_target_uses_clinical_coding():
    X, y = data.load_xy("breast_cancer")
    assert X.loc[y == 1, "mean_radius"].mean() > X.loc[y == 0, "mean_radius"].mean()  # malignant = larger


def test_diabetes_is_in_original_units():
    X, y = data.load_xy("diabetes")
    assert X["age"].between(18, 80).all() and set(X["sex"]) == {1, 2}
    assert 20 < X["bmi"].mean() < 35 and 100 < X["tc"].mean() < 300
    assert y.between(25, 346).all()


def test_categorical_survival_columns_are_strings():
    X, _ = data.load_xy("gbsg2")
    assert set(X["tgrade"]) == {"I", "II", "III"} and set(X["horTh"]) == {"no", "yes"}


def test_synthetic_frame_is_labelled_and_identifiers_are_strings():
    frame = data.load_frame("ehr_synthetic")
    assert "SYNTHETIC" in frame.attrs["note"]
    assert frame["zip_code"].str.fullmatch(r"000\d\d").all()
    assert pd.api.types.is_datetime64_any_dtype(frame["admission_date"])


def test_load_mnist_is_shaped_like_keras():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert y_train.shape == (8000,) and y_test.shape == (2000,)
    assert x_train.dtype == x_test.dtype == y_train.dtype == np.uint8
    assert x_train.max() == 255 and x_train.min() == 0
    assert set(np.unique(y_train)) == set(np.unique(y_test)) == set(range(10))
    assert 0.1 < x_train.mean() / 255 < 0.2  # MNIST's mean ink is about 13 %


def test_load_mnist_refuses_table_loader():
    with pytest.raises(data.DataError, match="load_mnist"):
        data.load_frame("mnist")


def test_split_sizes_are_disjoint_and_complete():
    X, y = data.load_xy("breast_cancer")
    X_train, X_val, X_test, y_train, y_val, y_test = data.split(X, y)
    assert (len(X_train), len(X_val), len(X_test)) == (341, 114, 114)
    indices = [set(part.index) for part in (X_train, X_val, X_test)]
    assert sum(map(len, indices)) == len(set().union(*indices)) == 569
    assert list(y_train.index) == list(X_train.index)


def test_split_is_stratified_for_classes_and_events():
    for name in ["breast_cancer", "ehr_synthetic", "gbsg2"]:
        X, y = data.load_xy(name)
        labels = y["event"] if isinstance(y, pd.DataFrame) else y
        rate = labels.mean()
        for part in data.split(X, y, val_size=0.25, test_size=0.25)[3:]:
            part_labels = part["event"] if isinstance(part, pd.DataFrame) else part
            assert abs(part_labels.mean() - rate) < 0.01, name


def test_split_without_stratification_changes_class_rates():
    X, y = data.load_xy("breast_cancer")
    rates = {round(data.split(X, y, seed=seed, stratify=False)[5].mean(), 4) for seed in range(5)}
    assert len(rates) > 1


def test_split_regression_target_is_not_stratified():
    X, y = data.load_xy("diabetes")  # stratifying 214 distinct values would raise in scikit-learn
    assert [len(part) for part in data.split(X, y)[:3]] == [264, 89, 89]


def test_split_is_seeded():
    X, y = data.load_xy("gbsg2")
    first, again, other = (data.split(X, y, seed=seed)[0].index for seed in (7, 7, 8))
    assert list(first) == list(again) and list(first) != list(other)
    assert list(data.split(X, y)[0].index) == list(data.split(X, y, seed=42)[0].index)  # the default seed


def test_split_accepts_arrays():
    (x_train, y_train), _ = data.load_mnist()
    parts = data.split(x_train, y_train, val_size=0.1, test_size=0.1)
    assert [len(part) for part in parts[:3]] == [6400, 800, 800]
    assert parts[0].shape[1:] == (28, 28)


@pytest.mark.parametrize("sizes", [(0, 0.2), (0.2, 0), (1, 0.2), (0.2, 1.5), (-0.1, 0.2), ("0.2", 0.2),
                                   (None, 0.2), (True, 0.2)])
def test_split_rejects_fractions_outside_zero_one(sizes):
    X, y = data.load_xy("veterans_lung")
    with pytest.raises(data.DataError, match="between 0 and 1"):
        data.split(X, y, val_size=sizes[0], test_size=sizes[1])


def test_split_rejects_fractions_summing_to_one():
    X, y = data.load_xy("veterans_lung")
    with pytest.raises(data.DataError, match="below 1"):
        data.split(X, y, val_size=0.5, test_size=0.5)


def test_split_rejects_mismatched_lengths():
    X, y = data.load_xy("veterans_lung")
    with pytest.raises(data.DataError, match="137 rows but y has 136"):
        data.split(X, y.iloc[:-1])


def test_unknown_name_lists_valid_names():
    with pytest.raises(data.DataError) as error:
        data.load_xy("breast-cancer")
    assert "'breast-cancer'" in str(error.value)
    assert all(name in str(error.value) for name in [*TABLES, "mnist"])


def test_data_error_is_a_value_error():
    assert issubclass(data.DataError, ValueError)


@pytest.mark.parametrize("name", [*TABLES, "mnist"])
def test_missing_file_names_file_and_fix(data_copy, name):
    file = data.dataset_info(name)["file"]
    (data_copy / file).unlink()
    with pytest.raises(data.DataError) as error:
        data.load_mnist() if name == "mnist" else data.load_frame(name)
    assert "missing" in str(error.value) and f"git checkout -- data/{file}" in str(error.value)


@pytest.mark.parametrize("name", [*TABLES, "mnist"])
def test_corrupted_file_names_file_hashes_and_fix(data_copy, name):
    info = data.dataset_info(name)
    path = data_copy / info["file"]
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01  # one flipped bit
    path.write_bytes(bytes(content))
    with pytest.raises(data.DataError) as error:
        data.load_mnist() if name == "mnist" else data.load_xy(name)
    message = str(error.value)
    assert str(path) in message and info["sha256"] in message
    assert sha256_of(path) in message
    assert f"git checkout -- data/{info['file']}" in message and "make data-check" in message


def test_truncated_file_is_refused_not_partially_loaded(data_copy):
    path = data_copy / "gbsg2.csv"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(data.DataError, match="corrupted"):
        data.load_frame("gbsg2")


def test_missing_registry_says_how_to_restore(data_copy):
    (data_copy / "registry.json").unlink()
    with pytest.raises(data.DataError, match="git checkout -- data/registry.json"):
        data.list_datasets()


def test_loads_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load_frame("veterans_lung")) == 137


def test_every_dataset_loads_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during a data load")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("example.org", 80))  # the block itself works
    for name in TABLES:
        X, y = data.load_xy(name)
        data.split(X, y)
    assert data.load_mnist()[0][0].shape == (8000, 28, 28)


def test_registry_hashes_and_sizes_match_files():
    registry = json.loads((DATA_DIR / "registry.json").read_text())
    for entry in registry.values():
        path = DATA_DIR / entry["file"]
        assert path.stat().st_size == entry["bytes"], entry["file"]
        assert sha256_of(path) == entry["sha256"], entry["file"]


def test_data_folder_stays_small():
    total = sum(path.stat().st_size for path in DATA_DIR.rglob("*") if path.is_file())
    assert total < 5 * 1024 * 1024


DATASHEET_SECTIONS = ["## Source", "## License", "## How it was", "## Caveats", "## Suitable uses",
                      "## Unsuitable uses", "## How the file was produced"]


@pytest.mark.parametrize("name", [*TABLES, "mnist"])
def test_datasheet_has_every_section_and_column(name):
    info = data.dataset_info(name)
    sheet = (DATA_DIR / info["datasheet"]).read_text(encoding="utf-8")
    assert all(section in sheet for section in DATASHEET_SECTIONS)
    assert f"python -m course_tools.data_sources {name}" in sheet
    assert re.search(rf"{info['rows']:,}|{info['rows']}", sheet)
    positives = EXPECTED.get(name, (None,) * 4)[3]
    assert positives is None or f"{positives:,}" in sheet  # the class balance it states is the real one
    if name == "mnist":
        assert "CC BY-SA 3.0" in sheet and all(f"`{key}`" in sheet for key in ["x_train", "y_test"])
        return
    columns = data.load_frame(name).columns
    if name == "breast_cancer":  # documented per measure: `radius` stands for mean_, _error and worst_radius
        columns = {re.sub(r"^(mean_|worst_)|_error$", "", column) for column in columns}
    assert [column for column in columns if f"`{column}`" not in sheet] == []


def test_synthetic_datasheet_says_synthetic():
    sheet = (DATA_DIR / "datasheets" / "ehr_synthetic.md").read_text(encoding="utf-8")
    assert sheet.count("SYNTHETIC") >= 2


def test_sha256_of_reads_a_file_larger_than_one_block(tmp_path):
    import hashlib

    path = tmp_path / "big.bin"
    content = bytes(range(256)) * (5 * 4096 + 3)  # a little over 5 MiB: several 1 MiB blocks and a tail
    path.write_bytes(content)
    assert sha256_of(path) == hashlib.sha256(content).hexdigest()


def test_restore_advice_outside_a_clone_names_the_reinstall_command():
    from course_utils.distribution import PIP_INSTALL

    advice = data.restore_advice("gbsg2.csv", in_checkout=False)
    assert advice == (f"The installed course package is damaged. Reinstall it with: "
                      f"{PIP_INSTALL} --force-reinstall")
    assert data.restore_advice("gbsg2.csv", in_checkout=True) == (
        "Restore it with: git checkout -- data/gbsg2.csv   (then check all files with: make data-check)")


def test_dataset_info_refuses_a_name_that_is_not_a_string():
    with pytest.raises(data.DataError, match="Unknown dataset 5. Valid names: breast_cancer, diabetes"):
        data.dataset_info(5)
    assert data.dataset_info("gbsg2")["target"] == ["time", "event"]


def test_list_datasets_has_the_documented_columns_in_order():
    table = data.list_datasets()
    assert list(table.columns) == ["name", "file", "rows", "columns", "task", "target", "description"]
    assert table.set_index("name").loc["breast_cancer", "target"] == "malignant"


def test_load_frame_records_its_dataset_and_datasheet_and_only_synthetic_data_carry_the_note():
    frame = data.load_frame("veterans_lung")
    assert frame.attrs["datasheet"] == str(DATA_DIR / "datasheets" / "veterans_lung.md")
    assert "note" not in frame.attrs
    X, _ = data.load_xy("ehr_synthetic")
    assert X.attrs["dataset"] == "ehr_synthetic" and "SYNTHETIC" in X.attrs["note"]


def test_split_fractions_of_a_hundred_patients_by_hand():
    X, y = pd.DataFrame({"x": range(100)}), pd.Series([0, 1] * 50)
    parts = data.split(X, y, val_size=0.3, test_size=0.2, seed=1)  # test 20; validation 30 of the other 80
    assert [len(part) for part in parts] == [50, 30, 20, 50, 30, 20]
    assert [int(part.sum()) for part in parts[3:]] == [25, 15, 10]  # stratified: half of each part
    assert [len(part) for part in data.split(X, y, val_size=0.1, test_size=0.5)[:3]] == [40, 10, 50]


@pytest.mark.parametrize("classes, stratified", [(20, True), (21, False)])
def test_split_stratifies_at_most_twenty_distinct_values(classes, stratified):
    y = pd.Series(np.repeat(np.arange(classes), 10))
    X = pd.DataFrame({"x": range(len(y))})
    _, _, _, y_train, y_val, y_test = data.split(X, y, val_size=0.2, test_size=0.2, seed=3)
    counts = [part.value_counts().reindex(range(classes), fill_value=0) for part in (y_train, y_val, y_test)]
    assert all((count.nunique() == 1) for count in counts) is stratified  # every class equally in each part


def test_split_stratifies_an_array_target_and_a_survival_target_on_event_only():
    y = np.array([0] * 90 + [1] * 10)
    parts = data.split(np.arange(100), y, seed=5)
    assert [int(part.sum()) for part in parts[3:]] == [6, 2, 2]
    survival_y = pd.DataFrame({"time": np.arange(100.0), "event": y})
    survival_parts = data.split(np.arange(100), survival_y, seed=5)
    assert [int(part["event"].sum()) for part in survival_parts[3:]] == [6, 2, 2]
    no_event = pd.DataFrame({"time": np.arange(100.0), "status": y})  # no event column: not stratified
    sums = {tuple(int(part["status"].sum()) for part in data.split(np.arange(100), no_event, seed=s)[3:])
            for s in range(6)}
    assert len(sums) > 1


def test_refusals_say_exactly_what_is_wrong_and_how_to_fix_it(data_copy):
    X, y = data.load_xy("veterans_lung")
    cases = [
        (lambda: data.split(X, y, val_size=1.5),
         "val_size must be a fraction strictly between 0 and 1, got 1.5."),
        (lambda: data.split(X, y, test_size="0.2"),
         "test_size must be a fraction strictly between 0 and 1, got '0.2'."),
        (lambda: data.split(X, y, val_size=0.6, test_size=0.4),
         "val_size + test_size must be below 1 to leave training data, got 0.6 + 0.4 = 1.0."),
        (lambda: data.split(X, y[:5]), "X has 137 rows but y has 5; they must describe the same patients."),
        (lambda: data.load_frame("mnist"), "'mnist' is not a table; load it with data.load_mnist()."),
    ]
    for call, message in cases:
        with pytest.raises(data.DataError) as error:
            call()
        assert str(error.value) == message
    (data_copy / "gbsg2.csv").unlink()
    with pytest.raises(data.DataError) as error:
        data.load_frame("gbsg2")
    assert str(error.value) == (f"The data file for 'gbsg2' is missing: {data_copy / 'gbsg2.csv'}. "
                                f"{data.restore_advice('gbsg2.csv')}")
    (data_copy / "registry.json").unlink()
    with pytest.raises(data.DataError) as error:
        data.load_frame("gbsg2")
    assert str(error.value) == (f"The data registry {data_copy / 'registry.json'} is missing. "
                                f"{data.restore_advice('registry.json')}")


def test_a_changed_file_names_both_hashes(data_copy):
    path = data_copy / "diabetes.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    expected = data.dataset_info("diabetes")["sha256"]
    with pytest.raises(data.DataError) as error:
        data.verified_path("diabetes")
    assert str(error.value) == (f"The data file {path} is corrupted or was changed: SHA-256 is "
                                f"{sha256_of(path)}, expected {expected}. "
                                f"{data.restore_advice('diabetes.csv')}")

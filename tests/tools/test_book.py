"""The course site (``make book``) and the launch links (``course_tools.links``)."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from course_tools import book, links
from course_tools.notebooks import PROJECT_DIR

# Elements whose URL the browser fetches by itself when the page loads.
FETCHED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
           "video": "src", "audio": "src", "embed": "src", "object": "data"}


class _FetchedUrls(HTMLParser):
    """Collects the URLs a page loads without a click, and every anchor's href."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.anchors.append(attributes["href"])
        elif tag in FETCHED and attributes.get(FETCHED[tag]):
            if tag == "link" and attributes.get("rel") in ("next", "prev", "index", "search"):
                return  # navigation hints, not fetched
            self.fetched.append(attributes[FETCHED[tag]])


def parse(page: Path) -> _FetchedUrls:
    parser = _FetchedUrls()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


# --- links.py -------------------------------------------------------------------------------------

def test_binder_url_opens_jupyterlab_at_the_notebook():
    url = links.binder_url("01_concepts.ipynb")
    assert url == (f"https://mybinder.org/v2/gh/{links.REPOSITORY}/{links.BRANCH}"
                   "?urlpath=lab/tree/learner/01_concepts.ipynb")
    assert links.binder_url("learner/01_concepts.ipynb") == url == links.binder_url("01_concepts")


def test_colab_url_points_at_the_notebook_on_the_branch():
    assert links.colab_url("07_evaluating") == (
        f"https://colab.research.google.com/github/{links.REPOSITORY}/blob/{links.BRANCH}"
        "/learner/07_evaluating.ipynb")


@pytest.mark.parametrize("bad", ["", "   ", None, 7, "/abs/01.ipynb", "../secrets.ipynb"])
def test_bad_notebook_names_are_refused_with_a_clear_error(bad):
    with pytest.raises(ValueError, match="notebook"):
        links.colab_url(bad)


def test_readme_badge_uses_the_same_binder_url():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"\[!\[Binder\]\([^)]*\)\]\(([^)]+)\)", readme)
    assert badges, "README.md has no Binder badge; add links.readme_badge()"
    assert badges == [links.binder_url()], "README's Binder badge differs from course_tools.links"


# --- staging --------------------------------------------------------------------------------------

def _notebook(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = list(cells)
    return notebook


def test_launch_links_follow_the_title_and_are_not_duplicated():
    notebook = _notebook(nbformat.v4.new_markdown_cell("# 03 · Data\n## 数据\n\nObjectives..."),
                         nbformat.v4.new_code_cell("x = 1"))
    once = book.with_launch_links(notebook, "03_data.ipynb")
    twice = book.with_launch_links(once, "03_data.ipynb")
    assert [cell.cell_type for cell in twice.cells] == ["markdown", "markdown", "markdown", "code"]
    assert twice.cells[0].source == "# 03 · Data\n## 数据"
    assert links.binder_url("03_data") in twice.cells[1].source
    assert links.colab_url("03_data") in twice.cells[1].source
    assert twice.cells[2].source == "Objectives..."
    nbformat.validate(twice)
    assert len(notebook.cells) == 2, "the source notebook must not change"


def test_solution_cells_are_folded_and_other_cells_are_not():
    solution = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION")
    story = nbformat.v4.new_code_cell("x = 1")
    folded = book.fold_solutions(_notebook(solution, story))
    assert folded.cells[0].metadata["tags"] == [book.FOLD_TAG]
    assert "tags" not in folded.cells[1].metadata
    assert book.fold_solutions(folded).cells[0].metadata["tags"] == [book.FOLD_TAG]


def test_check_cells_show_without_their_hidden_tests():
    check = nbformat.v4.new_code_cell("ex.q1.check(answer)\n### BEGIN HIDDEN TESTS\n_grading.grade(...)\n"
                                      "### END HIDDEN TESTS")
    assert book.fold_solutions(_notebook(check)).cells[0].source == "ex.q1.check(answer)"


def test_launch_links_without_a_markdown_cell_come_first():
    staged = book.with_launch_links(_notebook(nbformat.v4.new_code_cell("x = 1")), "03_data.ipynb")
    assert [cell.cell_type for cell in staged.cells] == ["markdown", "code"]


def test_title_is_the_first_level_one_heading():
    notebook = _notebook(nbformat.v4.new_code_cell("# a comment"),
                         nbformat.v4.new_markdown_cell("Intro\n# 05 · Compiling\n## 编译"))
    assert book.notebook_title(notebook, "05_compiling") == "05 · Compiling"
    assert book.notebook_title(_notebook(), "05_compiling") == "05_compiling"


def test_table_of_contents_leaves_out_empty_parts():
    toc = book.table_of_contents(["notebooks/00_welcome"], [], ["docs/glossary"])
    assert toc["root"] == "intro"
    assert [part["caption"] for part in toc["parts"]] == ["Lessons", "For instructors and readers"]


def test_docs_are_ordered_known_pages_first():
    pages = [Path(name) for name in ["zeta.md", "glossary.md", "instructor_guide.md", "alpha.md"]]
    ordered = [page.stem for page in book.ordered_docs(pages)]
    assert ordered == ["instructor_guide", "glossary", "alpha", "zeta"]


def test_an_executed_copy_is_used_only_when_newer(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_BUILD_DIR", str(tmp_path / "build"))
    source = tmp_path / "01_x.ipynb"
    source.write_text("{}")
    assert book.notebook_source(source) == source
    executed = book.executed_dir() / "01_x.ipynb"
    executed.parent.mkdir(parents=True)
    executed.write_text("{}")
    os.utime(source, (1_000_000, 1_000_000))
    assert book.notebook_source(source) == executed
    os.utime(source, (4_000_000_000, 4_000_000_000))
    assert book.notebook_source(source) == source


# --- the built site -------------------------------------------------------------------------------

def test_site_has_a_page_for_every_notebook_datasheet_and_doc(built_site):
    expected = ["intro.html"]
    expected += [f"notebooks/{nb.stem}.html" for nb in book.course_notebooks()]
    expected += [f"data/datasheets/{sheet.stem}.html"
                 for sheet in sorted(book.DATASHEETS_DIR.glob("*.md")) if sheet.name != "README.md"]
    expected += [f"docs/{doc.stem}.html" for doc in sorted(book.DOCS_DIR.glob("*.md"))]
    missing = [page for page in expected if not (built_site / page).exists()]
    assert not missing, f"pages missing from the site: {missing}"
    assert sorted(str(p.relative_to(built_site)) for p in book.content_pages(built_site)) == sorted(expected)


def test_every_notebook_page_has_its_binder_and_colab_links(built_site):
    for notebook in book.course_notebooks():
        anchors = parse(built_site / "notebooks" / f"{notebook.stem}.html").anchors
        assert links.binder_url(notebook.name) in anchors, notebook.name
        assert links.colab_url(notebook.name) in anchors, notebook.name


def test_pages_load_nothing_from_the_network(built_site):
    offenders = {}
    for page in built_site.rglob("*.html"):
        remote = [url for url in parse(page).fetched if re.match(r"(https?:)?//", url)]
        if remote:
            offenders[str(page.relative_to(built_site))] = remote
    assert not offenders, f"pages that would fetch from the network: {offenders}"


def test_math_is_rendered_by_the_bundled_mathjax(built_site):
    assert (built_site / "_static" / "mathjax" / "tex-chtml.js").exists()
    math_pages = [page for page in book.content_pages(built_site)
                  if 'class="math' in page.read_text(encoding="utf-8")]
    for page in math_pages:
        scripts = [url for url in parse(page).fetched if "mathjax" in url.lower()]
        assert scripts and all("_static/mathjax/" in url for url in scripts), page


def test_landing_page_lists_every_lesson_with_its_binder_link(built_site):
    landing = parse(built_site / "intro.html").anchors
    for notebook in book.course_notebooks():
        assert links.binder_url(notebook.name) in landing


# --- language, Chinese font and phone width -------------------------------------------------------

def themed_pages(site: Path) -> list[Path]:
    """The site's pages without ``index.html`` (a bare redirect to ``intro.html``)."""
    return [page for page in book.site_pages(site) if page.relative_to(site) != Path("index.html")]


def test_chinese_runs_are_marked_and_markup_is_left_alone():
    html = ('<title>Health · 健康</title><h2 id="x">欢迎：面向 医疗 (welcome)<a title="链接">#</a></h2>'
            '<script>let s = "数据";</script><!-- 注释 --><span class="math">\\(\\text{数}\\)</span>')
    assert book.mark_chinese(html) == (
        '<title>Health · 健康</title><h2 id="x"><span lang="zh-Hans">欢迎：面向 医疗</span> (welcome)'
        '<a title="链接">#</a></h2><script>let s = "数据";</script><!-- 注释 -->'
        '<span class="math">\\(\\text{数}\\)</span>')


def test_pages_are_english_and_their_chinese_is_marked(built_site):
    unmarked = {}
    for page in themed_pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="en"[ >]', html), page
        text = re.sub(r'<span lang="zh-Hans">[^<]*</span>|<(script|style|title)\b.*?</\1>|<[^>]*>', "", html,
                      flags=re.DOTALL)
        if found := re.findall(f"[{book.CJK}]", text):
            unmarked[str(page.relative_to(built_site))] = "".join(found[:20])
    assert not unmarked, f"Chinese text outside <span lang=\"zh-Hans\">: {unmarked}"


def test_site_css_keeps_pages_within_a_phone_screen(built_site):
    css = (built_site / "_static" / "course.css").read_text(encoding="utf-8")
    for rule in ["overflow-wrap: break-word", "white-space: normal", "overflow-x: auto", "max-width: 100%",
                 ':lang(zh-Hans)', '"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"',
                 f'font-family: "{book.FONT_FAMILY}"', f'url("fonts/{book.FONT.name}")']:
        assert rule in css, rule
    for page in themed_pages(built_site):
        assert any(url.startswith(("_static/course.css", "../_static/course.css", "../../_static/course.css"))
                   for url in parse(page).fetched), f"{page} does not link course.css"


def test_chinese_font_has_exactly_the_sites_characters(built_site):
    from fontTools.ttLib import TTFont

    shipped = built_site / "_static" / "fonts" / book.FONT.name
    assert shipped.read_bytes() == book.FONT.read_bytes()
    font = TTFont(shipped)
    assert font["name"].getDebugName(1) == book.FONT_FAMILY  # the OFL: no Reserved Font Name
    assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert "Reserved Font Name 'Source'" in (book.FONT.parent / "OFL.txt").read_text(encoding="utf-8")
    assert shipped.stat().st_size < 500_000
    in_font = "".join(sorted(chr(code) for code in font.getBestCmap()))
    assert in_font == book.site_chinese(built_site), (
        "the Chinese on the site changed: remake the font with `course book --subset-font` (needs "
        "fonts-noto-cjk) and commit book/_static/fonts/")


# --- the glossary ---------------------------------------------------------------------------------

# The seed article's own terms: each must appear in the glossary.
SEED_TERMS = """神经网络 神经元 权重 偏置 激活函数 前向传播 后向传播 损失函数 均方误差 交叉熵损失
梯度下降 优化器
评估指标 准确率 迭代次数 训练数据集 测试数据集 输入层 隐藏层 输出层 数据预处理 缺失值 噪声 模型解释性
数据保护和隐私 过拟合 正则化 交叉验证 诊断 疾病发展 生存期""".split()
CJK = re.compile(r"[\u4e00-\u9fff]")


def glossary_rows() -> list[list[str]]:
    text = (book.DOCS_DIR / "glossary.md").read_text(encoding="utf-8")
    rows = [line.strip().strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows if row[0].strip() != "English"]


def test_glossary_has_every_seed_term():
    chinese = " ".join(row[1] for row in glossary_rows())
    assert [term for term in SEED_TERMS if term not in chinese] == []


def test_every_glossary_row_pairs_english_with_chinese():
    rows = glossary_rows()
    assert len(rows) > 100
    for english, chinese, meaning, _notebook in rows:
        assert english and meaning and not CJK.search(english), english
        assert CJK.search(chinese) or english == chinese, f"{english}: no Chinese term"

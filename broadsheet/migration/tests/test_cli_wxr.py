"""`broadsheet import-wxr` and `export-wxr` as an operator runs them."""

import pytest

from broadsheet.tests.test_cli import assert_one_line_error, run


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("wxr-cli") / "data"
    assert run(data_dir, "init").returncode == 0
    run(data_dir, "user", "create", "ada", "--email", "ada@example.org")
    run(data_dir, "blog", "create", "labs", "--title", "Labs", "--owner", "ada")
    return data_dir


def test_import_shows_a_summary_and_export_writes_a_file(site, wxr, tmp_path):
    result = run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "labs")
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout and "post" in result.stdout and "skipped" in result.stdout
    again = run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "labs")
    assert "already there" in again.stdout
    target = tmp_path / "labs.xml"
    exported = run(site, "export-wxr", "--blog", "labs", "-o", str(target))
    assert exported.returncode == 0 and "<wp:wxr_version>1.2</wp:wxr_version>" in target.read_text()


def test_bad_input_is_one_line_and_exit_1(site, wxr, tmp_path):
    assert_one_line_error(
        run(site, "import-wxr", str(wxr("malformed.xml")), "--blog", "labs"),
        "line 90",
        "not well-formed",
    )
    assert_one_line_error(
        run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "nope"), "no blog 'nope'"
    )
    assert_one_line_error(
        run(site, "import-wxr", str(tmp_path / "missing.xml"), "--blog", "labs"), "no such file"
    )
    assert_one_line_error(
        run(site, "export-wxr", "--blog", "labs", "-o", str(tmp_path / "no/such/dir.xml")),
        "does not exist",
    )

import os
from pathlib import Path

import pytest

from broadsheet.migration.services.importer import import_wxr

# The shared test data sits beside the repository (as CI lays it out), or where
# $BROADSHEET_TESTDATA says.
TESTDATA = (
    Path(
        os.environ.get("BROADSHEET_TESTDATA")
        or Path(__file__).resolve().parents[3].parent / "shared" / "testdata"
    )
    / "wxr"
)


@pytest.fixture
def wxr():
    """Path of a WXR file in ../shared/testdata/wxr (importer-fixtures/ included)."""

    def path(name: str) -> Path:
        found = TESTDATA / name
        if not found.exists():
            found = TESTDATA / "importer-fixtures" / name
        assert found.exists(), (
            f"{found} is missing: the shared test data sits beside the repository"
        )
        return found

    return path


@pytest.fixture
def imported(team, wxr):
    """`imported(name)` imports a shared WXR file into the team's blog; returns the summary."""
    return lambda name, **options: import_wxr(wxr(name), team.blog, **options)

"""What the ministry downloads is labelled once and named in its own language."""

import io
import zipfile

import pytest

from tests.workshop_fixture import programme  # noqa: F401


@pytest.fixture
def ministry(create_user, login, programme):
    return login(create_user("ministerstwo@example.org", "ministry", password=None))


def test_the_html_report_names_its_character_set_once(client, ministry):
    response = client.get("/exports/workshop/2026.html")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("language, names", [
    ("pl", ["01-informacje.csv", "02-podsumowanie.csv", "03-zmiana-wobec-2025.csv", "04-mid-y.csv",
            "05-zrealizowane-dzialania.csv"]),
    ("en", ["01-about.csv", "02-summary.csv", "03-change-against-2025.csv", "04-mids.csv", "05-actions-done.csv"]),
])
def test_the_csv_files_in_the_zip_are_named_in_the_exports_language(client, ministry, language, names):
    response = client.get(f"/exports/workshop/2026.zip?language={language}")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist()[:5] == names
        assert all(name.isascii() for name in archive.namelist())

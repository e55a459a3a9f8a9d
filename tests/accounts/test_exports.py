"""Staff CSV downloads: streamed, and never a formula when opened in a spreadsheet."""

from core.csv import csv_response, csv_safe


def test_cells_that_spreadsheets_would_run_are_quoted():
    assert csv_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in ("+", "-", "@", "\t", "\r"):
        assert csv_safe(f"{start}1") == f"'{start}1"
    assert csv_safe("Ana") == "Ana"
    assert csv_safe(None) == ""
    assert csv_safe(42) == "42"


def test_csv_response_streams_every_row_safely():
    rows = ([n, "=1+1" if n == 2 else f"row {n}"] for n in range(1, 4))
    response = csv_response(filename="x.csv", header=["n", "text"], rows=rows)
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines() == ["n,text", "1,row 1", "2,'=1+1", "3,row 3"]

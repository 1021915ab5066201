"""Situation reports from the illustrative scenario: HTML on both databases, a real PDF
turned into pictures with poppler's pdftoppm, and the tree head printed in it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ceasewatch.errors import InvalidInput
from ceasewatch.model.query import EventQuery
from ceasewatch.model.vocab import FAMILY_COLOURS
from ceasewatch.report import svg
from ceasewatch.workspace import Workspace

DECEMBER = (date(2022, 12, 1), date(2022, 12, 31))


def scenario(ws: Workspace) -> Workspace:
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    ws.assess(as_of=date(2025, 1, 1))
    return ws


@pytest.fixture
def karabakh(ws: Workspace) -> Workspace:
    return scenario(ws)


@pytest.fixture
def on_sqlite(tmp_path: Path) -> Workspace:
    """The PDF does not depend on the database (the HTML tests run on both)."""
    return scenario(Workspace.init(str(tmp_path / "report.db")))


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} (Debian's poppler-utils) is not installed")
    return found


def colour(hex_rgb: str) -> tuple[int, int, int]:
    return (int(hex_rgb[1:3], 16), int(hex_rgb[3:5], 16), int(hex_rgb[5:7], 16))


def test_the_report_of_december_2022(karabakh: Workspace) -> None:
    page = karabakh.report(*DECEMBER, "html").decode()
    assert "Situation report: Statement of the President of Azerbaijan" in page
    assert "Lachin corridor (road from the Armenian border" in page  # counts per area
    assert "Obstruction of journalists" in page and "Grades: AZ C2" in page  # significant
    assert "obstruction.journalists" not in page  # the label, not the code
    assert "Findings by provision" in page and "Mission activities by mandate class" in page
    assert "illustrative data" in page
    assert "Ceasewatch illustrative field monitors" not in page  # a protected source
    # the head signed over the record the report was made from
    note = karabakh.ledger_head(sign=False)
    assert note.split("\n")[2] in page


def test_the_pdf_has_the_map_a_chart_and_the_tree_head(
    on_sqlite: Workspace, tmp_path: Path
) -> None:
    karabakh = on_sqlite
    pdf = tmp_path / "december.pdf"
    pdf.write_bytes(karabakh.report(*DECEMBER, "pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    # page 1: the key points and the map; the chart follows (page 1 or 2)
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "100", "-f", "1", "-l", "2", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    first, second = sorted(tmp_path.glob("page*.png"))
    pages = [np.asarray(Image.open(png).convert("RGB"), dtype=int).reshape(-1, 3)
             for png in (first, second)]  # fmt: skip
    ground = np.array(colour("#efe6d2"))  # svg.map_svg's land colour

    def found(rgb: np.ndarray, pixels: np.ndarray) -> float:
        return float((np.abs(pixels - rgb).max(axis=1) <= 10).mean())

    share = {
        name: found(rgb, pages[0]) if "bars" not in name else max(found(rgb, p) for p in pages)
        for name, rgb in {
            "map ground": ground,
            # the period's obstructions on the map and in its legend
            "obstruction events": np.array(colour(FAMILY_COLOURS["obstruction"])),
            # the parties' bars: AZ, AM, RU in the agreement's order; colours no zone or
            # family uses
            "AZ bars": np.array(colour(svg.SERIES_COLOURS[0])),
            "AM bars": np.array(colour(svg.SERIES_COLOURS[1])),
            "RU bars": np.array(colour(svg.SERIES_COLOURS[2])),
        }.items()
    }
    assert share["map ground"] > 0.10, share  # the map fills a good part of page 1
    assert share["obstruction events"] > 0.00002, share  # two dots and their key
    assert min(share["AZ bars"], share["AM bars"], share["RU bars"]) > 0.0001, share
    text = subprocess.run([poppler("pdftotext"), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    root = karabakh.ledger_head(sign=False).split("\n")[2]
    assert root in re.sub(r"\s+", "", text)


def test_the_same_record_gives_the_same_report(karabakh: Workspace) -> None:
    fixed = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    karabakh.clock = lambda: fixed
    first = karabakh.report(*DECEMBER, "md")
    assert karabakh.report(*DECEMBER, "md") == first


def test_the_same_record_gives_the_same_pdf(on_sqlite: Workspace) -> None:
    fixed = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    on_sqlite.clock = lambda: fixed
    assert on_sqlite.report(*DECEMBER, "pdf") == on_sqlite.report(*DECEMBER, "pdf")


def test_periods_and_formats(karabakh: Workspace) -> None:
    empty = karabakh.report(date(2030, 1, 1), date(2030, 1, 31), "md").decode()
    assert "No events were recorded in this period." in empty
    with pytest.raises(InvalidInput, match=r"ends \(2022-12-01\) before it starts"):
        karabakh.report(date(2022, 12, 31), date(2022, 12, 1), "html")
    with pytest.raises(InvalidInput, match="unknown report format 'docx'"):
        karabakh.report(*DECEMBER, "docx")
    daily = karabakh.report(date(2022, 12, 12), date(2022, 12, 12), "md").decode()
    assert "Blockade of a road or corridor" in daily and "(1 day" in daily


def test_protected_sources_leave_nowhere(karabakh: Workspace) -> None:
    for sid in ("global-wire", "intl-observer"):
        karabakh.protect_source(sid, True, "an exposed correspondent")
    files = karabakh.report_files(*DECEMBER, "html", exports=True)
    files["md"] = karabakh.report(*DECEMBER, "md")
    karabakh.export(buffer := io.StringIO(), "jsonl", EventQuery(*DECEMBER))
    files["jsonl"] = buffer.getvalue().encode()
    for name, body in files.items():
        text = body.decode().lower()
        for word in ("global-wire", "global wire", "intl-observer", "international observer"):
            assert word not in text, (name, word)
    page = files["report"].decode()
    assert "protected source(s): identity withheld" in page
    assert "(withheld: it names a protected source)" in page  # the blockade's contradiction
    assert '"protected source"' in files["geojson"].decode()


def test_the_daily_cut_off_in_the_agreements_time_zone(karabakh: Workspace) -> None:
    # x-005 crossed at 16:30+04:00, which is 15:30 in Moscow (the agreement's time zone)
    def throughput(day: date, at: str) -> str:
        md = karabakh.report(day, day, "md", cutoff=time.fromisoformat(at)).decode()
        return next((line for line in md.splitlines() if "Kornidzor |" in line), "")

    kornidzor = "| Corridor checkpoint at the Hakari bridge near Kornidzor | 1 |"
    assert kornidzor in throughput(date(2022, 11, 2), "15:30")  # at it
    assert throughput(date(2022, 11, 2), "15:29") == ""  # after the cut-off: the next day's
    assert kornidzor in throughput(date(2022, 11, 3), "15:29")
    with pytest.raises(InvalidInput, match="local time"):
        karabakh.report(date(2022, 11, 2), date(2022, 11, 2), "md",
                        cutoff=time.fromisoformat("15:30+05:00"))  # fmt: skip
    with pytest.raises(InvalidInput, match="at most ten years"):
        karabakh.report(date(1, 1, 1), date(2022, 1, 1), "md")


def test_the_march_2022_drone_strike_is_blamed_on_the_side_that_fired(
    karabakh: Workspace,
) -> None:
    """Two soldiers of the Karabakh Armenian forces killed by an Azerbaijani drone on 25
    March 2022: the victims' side is named first in one report, and is not the culprit."""
    strike = [
        f
        for f in karabakh.findings()
        if f.rule_id == "ceasefire-violation" and f.period.start == date(2022, 3, 25)
    ]
    assert strike and {f.party for f in strike} == {"AZ"}
    page = karabakh.report(date(2022, 3, 1), date(2022, 3, 31), "md").decode()
    (drone,) = [
        line
        for line in page.splitlines()
        if "2022-03-25 · Drone or air strike in breach of the ceasefire" in line
    ]
    assert re.search(r"blamed: AZ\b", drone) and "AM" not in drone.split("blamed:")[1].split("(")[0]

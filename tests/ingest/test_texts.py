"""Documents from files: each bad input gets a clear error naming the file (and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected
from ceasewatch.ingest.texts import MAX_BYTES, language, read_documents

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Shelling near Shusha</title><link>https://example.org/1</link>
<pubDate>Tue, 15 Jun 2021 10:00:00 +0000</pubDate>
<description>&lt;p&gt;Armenian forces shelled positions near Shusha yesterday.&lt;/p&gt;</description>
</item></channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bulletins</title>
<entry><title>Bulletin</title><id>urn:b:1</id><link href="https://example.org/b1"/>
<updated>2021-06-15T08:00:00Z</updated>
<content type="html">Peacekeepers escorted two convoys.</content></entry></feed>"""
HTML = b"""<html><head><title>Statement</title></head><body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article><h1>Statement of the Ministry</h1><p>Yesterday units of the Azerbaijani armed forces
fired on Armenian positions near Sotk; one serviceman was wounded.</p></article>
<footer>Copyright 2021</footer></body></html>"""


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_text_html_feeds_jsonl_and_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.txt", "Армянские силы открыли огонь. Это правда.".encode())
    write(folder, "b.html", HTML)
    write(folder, "c.rss", RSS)
    write(folder, "d.atom", ATOM)
    write(
        folder, "e.jsonl", b'{"id": "x1", "text": "Shots were fired.", "published": "2021-06-01"}\n'
    )
    write(folder, "notes.bin", b"\x00\x01")  # not a document kind: skipped in a folder
    docs = read_documents([folder], source="wire")
    by_id = {d.file or d.id: d for d in docs}  # a JSON Lines record keeps its own id
    assert len(docs) == 5
    # read from a file, a document is called by its hash; the path is kept apart
    assert all(d.id == f"doc-{d.sha256[:16]}" for d in docs if d.id != "x1")
    assert not any(str(folder) in d.id or "example.org" in d.id for d in docs)
    html = by_id[str(folder / "b.html")]
    assert "fired on Armenian positions" in html.text and "Home" not in html.text
    assert "Copyright" not in html.text and html.language == "en"
    rss = by_id["https://example.org/1"]
    assert rss.published is not None and rss.published.day == 15 and rss.source_id == "wire"
    assert rss.text.startswith("Shelling near Shusha") and "<p>" not in rss.text
    assert by_id["urn:b:1"].url == "https://example.org/b1"
    assert by_id[str(folder / "a.txt")].language == "ru"
    assert by_id["x1"].published is not None and len({d.sha256 for d in docs}) == 5


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"  \n", r"empty\.txt: the file is empty"),
        ("binary.txt", b"abc\x00def", r"binary\.txt: this is a binary file"),
        ("latin1.txt", b"line one\nAr\xe9na", r"latin1\.txt:2: byte 11 \(0xe9\) is not UTF-8"),
        (
            "nav.html",
            b"<html><body><nav>Home</nav></body></html>",
            r"nav\.html: the page has no main text",
        ),
        (
            "broken.jsonl",
            b'{"id": "a", "text": "ok"}\n{oops\n',
            r"broken\.jsonl:2: is not a JSON object",
        ),
        ("bad.rss", b"<rss><channel><item>", r"bad\.rss:1: not a well-formed feed"),
        ("a.pdf", b"%PDF-1.4", r"a\.pdf: has an unknown suffix"),
        (
            "cp1251.txt",
            "Обстрел у Сотка.".encode("cp1251"),
            r"cp1251\.txt:1: byte 0 \(0xce\) is not UTF-8; expected UTF-8 text \(these bytes "
            r"look like Cyrillic in Windows-1251; convert the file, e\.g\. iconv",
        ),
        (
            "odd.html",
            b'<html><head><meta charset="x-no-such"></head><body>\xff</body></html>',
            r"odd\.html: declares the encoding 'x-no-such', which is not one known here",
        ),
    ],
)
def test_bad_input_names_the_file_and_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(BatchRejected, match=message):
        read_documents([write(tmp_path, name, data)])


def test_a_fifty_megabyte_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(BatchRejected, match=r"big\.txt: the file is 50\.0 MB"):
        read_documents([path])


def test_every_problem_of_a_batch_is_listed(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", b"Shots were fired.")
    with pytest.raises(BatchRejected) as info:
        read_documents([good, write(tmp_path, "e.txt", b""), write(tmp_path, "b.txt", b"\x00")])
    assert info.value.total == 2


def test_language_guess() -> None:
    assert language("The ministry said that the forces were on the line.") == "en"
    assert language("Ermənistan silahlı qüvvələrinin bölmələri atəşə məruz qalıb.") == "az"
    assert language("Հայաստանի պաշտպանության նախարարություն") == "hy"
    assert language("12345 !!!") == "und"


SOTK = "Азербайджанские военные обстреляли позиции у села Сотк, сообщило Минобороны Армении."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Windows "Unicode" text: UTF-16 with its byte-order mark
        ("unicode.txt", SOTK.encode("utf-16")),
        ("utf32.txt", SOTK.encode("utf-32")),
        # a Russian page in the encoding its head declares, both ways HTML declares one
        (
            "page.html",
            f'<html><head><meta charset="windows-1251"><title>Т</title></head><body><article>'
            f"<p>{SOTK}</p><p>{SOTK}</p></article></body></html>".encode("cp1251"),
        ),
        (
            "old.html",
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            f"</head><body><article><p>{SOTK}</p><p>{SOTK}</p></article></body></html>".encode(
                "koi8-r"
            ),
        ),
    ],
)
def test_unicode_with_a_bom_and_a_declared_encoding_are_read(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (doc,) = read_documents([write(tmp_path, name, data)])
    assert SOTK in doc.text and doc.language == "ru"


def test_a_feed_in_the_encoding_it_declares_is_read(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        f"<title>Лента</title><item><title>Обстрел</title><link>https://example.org/r1</link>"
        f"<description>{SOTK}</description></item></channel></rss>"
    ).encode("cp1251")
    (doc,) = read_documents([write(tmp_path, "lenta.rss", feed)])
    assert SOTK in doc.text

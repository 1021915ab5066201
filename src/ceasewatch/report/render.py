"""The report's content as HTML, Markdown or PDF.

HTML and Markdown come from Jinja templates in ``report/templates``; PDF is the HTML laid
out by WeasyPrint, with the SVG map and charts drawn as vectors. WeasyPrint is imported
only when a PDF is asked for.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

FORMATS = ("html", "pdf", "md")

_env = Environment(
    loader=PackageLoader("ceasewatch.report", "templates"),
    autoescape=select_autoescape(["html.j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=False,
)


def html(content: dict[str, Any]) -> str:
    return _env.get_template("report.html.j2").render(r=content)


def markdown(content: dict[str, Any]) -> str:
    return _env.get_template("report.md.j2").render(r=content)


def pdf(content: dict[str, Any]) -> bytes:
    """The HTML form as a PDF. Its metadata carries no clock of its own: the document's
    dates are the report's generation time, so the same data gives the same file."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    document = HTML(string=html(content)).render()
    document.metadata.title = f"{content['title']}, {content['period']['start']} to " + str(
        content["period"]["end"]
    )
    document.metadata.created = content["generated"]
    document.metadata.modified = content["generated"]
    out = document.write_pdf()
    assert isinstance(out, bytes)
    return out


def render(content: dict[str, Any], fmt: str) -> bytes:
    if fmt == "html":
        return html(content).encode("utf-8")
    if fmt == "md":
        return markdown(content).encode("utf-8")
    if fmt == "pdf":
        return pdf(content)
    raise ValueError(fmt)

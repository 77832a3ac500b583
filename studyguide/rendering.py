"""The one Markdown pipeline: content Markdown in, sanitised HTML out, run once at load time.

Content is not trusted: whatever HTML an author writes is cleaned by nh3, and only the markup the
format itself produces (heading ids, admonitions, highlighted code, tables, diagram figures and
glossary links) survives.
"""

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import markdown
import nh3

HEADING_LINE = re.compile(r"^(#{2,6})\s+(.*?)\s*(?:\{#([^}\s]*)\})?\s*$")
ANCHOR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE = re.compile(r"^\s*(```|~~~)")
DIAGRAM_IMG = re.compile(r'(?:<p>)?<img alt="([^"]*)" src="diagram:([a-z0-9-]+)"\s*/?>(?:</p>)?')
DIAGRAM_MARK = re.compile(r"<p>\s*@@diagram:([a-z0-9-]+)@@\s*</p>|@@diagram:([a-z0-9-]+)@@")
TERM_LINK = re.compile(r'href="term:([a-z0-9-]+)"')
SECTION_LINK = re.compile(r'href="([a-z0-9-]+)(?:#([a-z0-9-]+))?"')

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title", "data-term"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {
    "div": {"admonition", "warning", "note", "tip", "danger", "highlight", "table-wrap"},
    "p": {"admonition-title"},
    "a": {"headerlink", "term"},
    "span": None,  # Pygments token classes
    "code": None,
    "pre": None,
}


def _class_filter(tag: str, attr: str, value: str) -> str | None:
    if attr != "class":
        return value
    allowed = ALLOWED_CLASSES.get(tag, set())
    if allowed is None:
        return value if re.fullmatch(r"[A-Za-z0-9 _-]*", value) else None
    kept = [c for c in value.split() if c in allowed]
    return " ".join(kept) or None


def _md() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["attr_list", "tables", "fenced_code", "codehilite", "admonition", "toc"],
        extension_configs={
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "toc": {
                "permalink": "#",
                "permalink_class": "headerlink",
                "permalink_title": "Link to this heading",
                "toc_depth": "2-3",
            },
        },
        output_format="html",
    )


def sanitise(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_class_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def markdown_to_html(
    text: str,
    *,
    term_url: Callable[[str], str] = lambda slug: f"/glossary/#{slug}",
    diagram_html: Callable[[str], str] | None = None,
    section_url: Callable[[str, str], str] | None = None,
) -> str:
    """Render Markdown, sanitise it, then expand diagram placeholders into trusted figures.
    `section_url(slug, anchor)` turns a link written as `section-slug#heading-id` into the
    section's address; the loader has checked that every such link exists."""
    rendered = _md().convert(text)
    if section_url is not None:
        rendered = SECTION_LINK.sub(
            lambda m: f'href="{html.escape(section_url(m.group(1), m.group(2) or ""))}"',
            rendered,
        )
    rendered = DIAGRAM_IMG.sub(lambda m: f"<p>@@diagram:{m.group(2)}@@</p>", rendered)
    rendered = TERM_LINK.sub(
        lambda m: (
            f'href="{html.escape(term_url(m.group(1)))}" class="term" data-term="{m.group(1)}"'
        ),
        rendered,
    )
    rendered = re.sub(r"<table>", '<div class="table-wrap"><table>', rendered)
    rendered = re.sub(r"</table>", "</table></div>", rendered)
    clean = sanitise(rendered)
    if diagram_html is not None:
        clean = DIAGRAM_MARK.sub(lambda m: diagram_html(m.group(1) or m.group(2)), clean)
    return clean.strip()


def inline_markdown(text: str) -> str:
    """Render a short Markdown text (a choice, an option) without the surrounding <p>."""
    out = markdown_to_html(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def references_in(text: str) -> list[tuple[str, str]]:
    """The references written in a Markdown text, as (kind, target): `diagram:` and `term:`
    links, and links to another section written as `section-slug` or `section-slug#heading-id`."""
    found = re.findall(r"\]\((diagram|term):([^)\s]*)\)", text)
    sections = re.findall(r"\]\(([a-z0-9-]+(?:#[a-z0-9-]+)?)\)", text)
    return [(kind, slug) for kind, slug in found] + [("section", ref) for ref in sections]


def headings_in(text: str) -> list[tuple[int, int, str, str | None]]:
    """(line, level, title, id) for every ##..###### heading outside fenced code, 1-based lines."""
    out, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = HEADING_LINE.match(line)
        if match:
            out.append((number, len(match.group(1)), match.group(2), match.group(3)))
    return out


BLOCK_TAGS_NOT_PROSE = re.compile(
    r"<(h[1-6]|pre|table|figure)\b.*?</\1>", re.DOTALL | re.IGNORECASE
)


def prose_word_count(body_html: str) -> int:
    """Words of prose in rendered HTML: headings, code blocks, tables and figures excluded."""
    text = BLOCK_TAGS_NOT_PROSE.sub(" ", body_html)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.,/%-]*", text))


def plain_text(fragment_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment_html)).split())


SVG_NS = "http://www.w3.org/2000/svg"
SVG_ELEMENTS = {
    "svg",
    "g",
    "title",
    "desc",
    "defs",
    "marker",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "use",
    "symbol",
    "style",
    "linearGradient",
    "stop",
}
SVG_ATTRIBUTES = {
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "opacity",
    "transform",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "id",
    "class",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "markerUnits",
    "role",
    "aria-label",
    "aria-hidden",
    "preserveAspectRatio",
    "offset",
    "stop-color",
    "stop-opacity",
    "marker-end",
    "marker-start",
    "letter-spacing",
    "dx",
    "dy",
    "xmlns",
    "focusable",
    "href",
}


class SvgError(ValueError):
    pass


def sanitise_svg(source: str, *, id_prefix: str) -> str:
    """Keep only drawing elements and attributes; drop scripts, handlers and outside references.

    Ids are prefixed so two diagrams on one page cannot clash.
    """
    ET.register_namespace("", SVG_NS)
    try:
        root = ET.fromstring(source)
    except ET.ParseError as exc:
        raise SvgError(f"the SVG does not parse: {exc}") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError("the file's root element is not <svg> in the SVG namespace")

    def clean(element: ET.Element) -> None:
        for child in list(element):
            local = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if not child.tag.startswith(f"{{{SVG_NS}}}") or local not in SVG_ELEMENTS:
                element.remove(child)
                continue
            if local == "style" and re.search(r"url\(|@import|expression", child.text or "", re.I):
                element.remove(child)
                continue
            clean(child)
        for name in list(element.attrib):
            value = element.attrib[name]
            local_name = name.split("}")[-1]
            if local_name not in SVG_ATTRIBUTES or local_name.startswith("on"):
                del element.attrib[name]
            elif local_name == "href":
                if not value.startswith("#"):
                    del element.attrib[name]
                else:
                    del element.attrib[name]
                    element.set("href", f"#{id_prefix}{value[1:]}")
            elif local_name == "id":
                element.set("id", f"{id_prefix}{value}")
            elif "url(#" in value:
                element.set(name, value.replace("url(#", f"url(#{id_prefix}"))
            elif "url(" in value:
                del element.attrib[name]

    clean(root)
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("aria-hidden", "true")
    root.set("focusable", "false")
    root.attrib.pop("role", None)
    return ET.tostring(root, encoding="unicode")


def diagram_figure(*, slug: str, title: str, alt: str, svg: str) -> str:
    return (
        f'<figure class="diagram" id="diagram-{slug}">'
        f'<div class="diagram-art">{svg}</div>'
        f"<figcaption>{html.escape(title)}</figcaption>"
        f'<details class="diagram-alt"><summary>Text description</summary>'
        f"<p>{html.escape(alt)}</p></details></figure>"
    )

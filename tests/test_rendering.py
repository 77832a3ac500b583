"""The one Markdown pipeline: what it keeps, what it strips, and how it counts words."""

import pytest

from studyguide import rendering


def test_author_html_is_sanitised_but_the_format_survives():
    html = rendering.markdown_to_html(
        '## Costs {#costs}\n\n<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>\n\n'
        '!!! warning "Watch out"\n    Careful.\n\n[cold](term:cold-start)\n'
    )
    assert '<h2 id="costs">' in html
    assert 'class="headerlink" href="#costs"' in html
    assert "onerror" not in html and "javascript:" not in html
    assert '<div class="admonition warning">' in html
    assert 'href="/glossary/#cold-start" class="term"' in html


def test_code_is_highlighted_and_tables_scroll():
    html = rendering.markdown_to_html("```python\nx = 1\n```\n\n| a |\n|---|\n| 1 |\n")
    assert '<div class="highlight">' in html and '<span class="n">x</span>' in html
    assert '<div class="table-wrap"><table>' in html


def test_prose_word_count_skips_headings_code_tables_and_figures():
    html = rendering.markdown_to_html(
        "## Heading words here {#h}\n\nOne two three.\n\n```\ncode code code\n```\n\n| a | b |\n|---|---|\n| c | d |\n"
    )
    assert rendering.prose_word_count(html) == 3


def test_svg_loses_scripts_handlers_and_outside_references():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="x()">'
        '<script>x()</script><defs><marker id="m"/></defs>'
        '<line marker-end="url(#m)" x1="0" y1="0" x2="5" y2="5"/>'
        '<image href="https://evil.example/x.png"/><foreignObject><p>hi</p></foreignObject></svg>'
    )
    clean = rendering.sanitise_svg(svg, id_prefix="d-")
    assert "script" not in clean and "onload" not in clean
    assert "evil.example" not in clean and "foreignObject" not in clean
    assert 'id="d-m"' in clean and "url(#d-m)" in clean


def test_svg_that_is_not_svg_is_an_error():
    with pytest.raises(rendering.SvgError):
        rendering.sanitise_svg("<html/>", id_prefix="x-")

"""The authors' reference, content/README.md, documents every key the loader accepts."""

import re

from studyguide import loader

from .conftest import REAL_CONTENT


def test_every_key_the_loader_accepts_is_documented_in_the_content_readme():
    readme = (REAL_CONTENT / "README.md").read_text()
    documented = set(re.findall(r"`([a-z_]+)`", readme))
    accepted = {key for schema in loader.ALL_SCHEMAS.values() for key in schema}
    assert accepted - documented == set()


def test_the_real_content_validates():
    tree, errors = loader.parse_content(REAL_CONTENT)
    assert [str(e) for e in errors] == []
    titles = [c.title for c in tree.chapters]
    assert len([c for c in tree.chapters if c.kind == "chapter"]) == 16
    assert len([c for c in tree.chapters if c.kind == "appendix"]) == 5
    assert titles[0] == "Serverless Fundamentals"
    assert titles[-1] == "Serverless Practice Scenarios"

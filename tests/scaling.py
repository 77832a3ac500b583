"""Build a copy of a content tree that holds the same chapters several times over, for tests that
prove a page's query count does not grow with the guide."""

import re
import shutil
from pathlib import Path

from studyguide import loader


def scaled_copy(source: Path, target: Path, factor: int) -> Path:
    tree, errors = loader.parse_content(source)
    assert errors == [], [str(e) for e in errors[:5]]
    shutil.copytree(source, target)
    if factor == 1:
        return target
    ids = [c.slug for c in tree.chapters if c.kind == "chapter"]
    ids += [s.slug for s in tree.sections] + [t.slug for t in tree.terms]
    ids += [d.slug for d in tree.diagrams] + [q.key for q in tree.questions]
    ids += [s.key for s in tree.scenarios] + [w.key for w in tree.workbook]
    pattern = re.compile(
        r"(?<![a-z0-9#/.-])("
        + "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
        + r")(?![a-z0-9-])"
    )
    chapters = sorted((source / "chapters").iterdir())
    for k in range(2, factor + 1):

        def rename(match: re.Match, k=k) -> str:
            word = match.group(1)
            numbered = re.fullmatch(r"(.*)-(\d{3})", word)
            return f"{numbered.group(1)}-k{k}-{numbered.group(2)}" if numbered else f"{word}-k{k}"

        for index, folder in enumerate(chapters):
            number = (k - 1) * len(chapters) + index + 1
            destination = target / "chapters" / f"{number:02d}{folder.name[2:]}-k{k}"
            shutil.copytree(folder, destination)
            for path in destination.rglob("*"):
                if path.suffix in (".md", ".yaml"):
                    path.write_text(pattern.sub(rename, path.read_text()))
    return target

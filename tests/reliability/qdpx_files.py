"""Hostile .qdpx projects, built by hand: many selections, many sources naming one big text."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

NS = "urn:QDA-XML:project:1.0"
CODE = str(uuid.uuid5(uuid.NAMESPACE_URL, "code"))
USER = str(uuid.uuid5(uuid.NAMESPACE_URL, "user"))


def qdpx(path: Path, sources: list[tuple[str, str]], selections: list[tuple[int, int, int]],
         time: str = "2024-03-04T10:11:12.698+00:00Z", doctype: str = "") -> Path:
    """`sources`: (TextSource name, member name in sources/); `selections`: (source index, start, end)."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>{doctype}<Project xmlns="{NS}" name="hostile">',
             f'<Users><User guid="{USER}" name="qualcoder user"/></Users>',
             f'<CodeBook><Codes><Code guid="{CODE}" name="Protection of civilians" isCodable="true"/></Codes>'
             "</CodeBook><Sources>"]
    by_source: dict[int, list[tuple[int, int]]] = {}
    for index, start, end in selections:
        by_source.setdefault(index, []).append((start, end))
    for index, (name, member) in enumerate(sources):
        parts.append(f'<TextSource guid="{uuid.uuid5(uuid.NAMESPACE_URL, f"s{index}")}" name="{name}" '
                     f'plainTextPath="internal://{member}">')
        for n, (start, end) in enumerate(by_source.get(index, [])):
            parts.append(f'<PlainTextSelection guid="{uuid.uuid5(uuid.NAMESPACE_URL, f"{index}:{n}")}" '
                         f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}" '
                         f'creationDateTime="{time}"><Coding guid="{uuid.uuid5(uuid.NAMESPACE_URL, f"c{index}:{n}")}"'
                         f'><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>')
        parts.append("</TextSource>")
    parts.append("</Sources></Project>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "".join(parts))
    return path


def add_member(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"sources/{member}", text.encode("utf-8"))

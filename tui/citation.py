"""Passage citations for the clipboard and exports."""

from __future__ import annotations


def cite(text: str, zone: str, title: str, section: str, para: int) -> str:
    where = f"{zone}《{title}》" if title else zone
    if section:
        where += f" {section}"
    return f"{text}\n——{where}，第{para}段"

"""The README documents every command, and the schema section every event field."""

from __future__ import annotations

from pathlib import Path

from whimbrel.cli import main
from whimbrel.model import Event

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in main.commands if f"whimbrel {name}" not in README]
    assert not missing, f"commands missing from README: {missing}"


def test_every_event_field_is_in_the_schema_section() -> None:
    schema = README.split("## Output schema", 1)[1].split("\n## ", 1)[0]
    event = Event(doc_id="d", sentence_index=0, sentence_span=(0, 1), sentence_text="x",
                  trigger_text="x", trigger_span=(0, 1), cameo="010", event_type=None)
    missing = [key for key in event.to_dict() if f"`{key}`" not in schema]
    assert not missing, f"fields missing from README's schema section: {missing}"

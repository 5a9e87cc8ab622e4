"""Documentation made from the schema declaration: the front-matter reference for owners."""

from __future__ import annotations

from ..core.schema import FIELDS, example_text


def front_matter_reference() -> str:
    """The front-matter fields as a Markdown table, straight from the schema declaration."""
    rows = ["| Veld | Verplicht | Betekenis | Voorbeeld |", "|---|---|---|---|"]
    for spec in FIELDS:
        description = spec.description.replace("|", "\\|")  # our own text: only the table needs care
        rows.append(f"| `{spec.name}` | {'ja' if spec.required else 'nee'} | {description} | "
                    f"`{example_text(spec)}` |")
    return "\n".join(rows) + "\n"

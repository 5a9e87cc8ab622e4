"""Where things live in the site: the path of every page the portal makes.

Plain strings, no MkDocs: the catalog checks links against these paths, the site
builds pages at them, the CLI names them in reports. The navigation tree is site/nav.py."""

from __future__ import annotations

POLICY_DIR = "beleid"
ROLE_DIR = "rollen"
THEME_DIR = "themas"
TYPE_DIR = "soorten"
OWNER_DIR = "eigenaren"
DASHBOARD = "beoordelingen.md"
"""Not `beoordelingen/index.md`: with navigation.indexes Material hides an index page that is not
the first in its section."""
CHANGES = "nieuw-en-gewijzigd.md"
ROUTE_FINDER = "waar-meld-ik-wat.md"
GLOSSARY = "begrippen.md"
SEARCH_RECORD = "zoekactie.txt"
"""The tiny file the search UI requests (`?q=…&n=…`) so the web server's access log records a
finished search; `portaal zoekrapport` reads it back (see searchlog.py)."""
SEARCH_RECORD_TEXT = ("Deze aanvraag legt een zoekactie vast in het toegangslog van de webserver van het "
                      "Integriteitsportaal. Zie 'portaal zoekrapport' in de README.\n")

def policy_page(policy_id: str) -> str:
    return f"{POLICY_DIR}/{policy_id}.md"


def role_page(role_id: str) -> str:
    return f"{ROLE_DIR}/{role_id}.md"


def theme_page(theme_id: str) -> str:
    return f"{THEME_DIR}/{theme_id}.md"


def type_page(type_id: str) -> str:
    return f"{TYPE_DIR}/{type_id}/index.md"


def owner_page(owner_id: str) -> str:
    return f"{OWNER_DIR}/{owner_id}.md"


def index_page(folder: str) -> str:
    return f"{folder}/index.md"


def url_of(path: str) -> str:
    """Site URL (directory style, relative to the site root) of a page path."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


OPTIONAL_PAGES = frozenset({ROUTE_FINDER, GLOSSARY})
"""Generated only when their data file exists."""

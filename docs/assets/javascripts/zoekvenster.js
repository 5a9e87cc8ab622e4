/* Integriteitsportaal: the search dialog behind the header search box.
 *
 * Opens from the header box (click or typing), "/" and Ctrl+K (Cmd+K); results as you
 * type from window.portaalZoek (zoeken.js); arrow keys move through the results, Enter
 * opens one, Escape closes and returns focus to where you were. Filter chips for role,
 * theme and type; the chosen role is remembered on this device. Without JavaScript the
 * header box is a form that leads to the A-Z list.
 *
 * A result shows "Beantwoordt: …" when it matched one of the document's questions; for a
 * word the index does not know the dialog offers "Bedoelde je …?" (a button that searches that).
 * A finished search is recorded in the portal's own access log and nowhere else (README,
 * `portaal zoekrapport`): after a pause of 1.5 s, on Enter or on opening a result, one request
 * `zoekactie.txt?q=<search>&n=<number of results>`; result links carry `?q=<search>`.
 */
(() => {
  "use strict";

  const dialog = document.getElementById("portaal-zoekvenster");
  const box = document.getElementById("portaal-zoekveld");
  if (!dialog || !box || typeof window.portaalZoek !== "function") return;

  const input = dialog.querySelector("#portaal-zoekvraag");
  const list = dialog.querySelector("[data-resultaten]");
  const status = dialog.querySelector("[data-status]");
  const empty = dialog.querySelector("[data-leeg]");
  const filterArea = dialog.querySelector("[data-filters]");
  const withdrawn = dialog.querySelector("[data-vervallen]");
  const archived = dialog.querySelector("[data-archief]"); /* "ook oude versies", when the site has an archive */
  const meant = dialog.querySelector("[data-bedoeld]");
  const RECORD_URL = new URL(dialog.dataset.zoekactieUrl || "zoekactie.txt", document.baseURI);
  const RECORD_PAUSE = 1500;
  let recordTimer = 0;
  let recorded = "";
  let lastShown = { query: "", count: 0 };
  const ROLE_KEY = "portaal-zoeken-rol";
  const GROUPS = [
    { name: "rol", label: "Rol" },
    { name: "thema", label: "Thema" },
    { name: "soort", label: "Soort" },
  ];
  const chosen = { rol: "", thema: "", soort: "" };
  let opener = null;
  let sequence = 0;
  let timer = 0;
  let chipsMade = false;

  try { chosen.rol = window.localStorage.getItem(ROLE_KEY) || ""; } catch (error) { /* private mode */ }

  box.setAttribute("aria-haspopup", "dialog");
  box.setAttribute("aria-controls", dialog.id);
  for (const type of ["focus", "pointerenter", "touchstart"]) {
    box.addEventListener(type, () => window.portaalZoekVoorbereiden(), { once: true, passive: true });
  }

  function open(text) {
    if (dialog.open) return;
    const active = document.activeElement;
    opener = active && active !== document.body && active !== box ? active : box;
    input.value = text;
    dialog.showModal();
    document.documentElement.classList.add("portaal-zoeken-open");
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    window.portaalZoekVoorbereiden();
    if (input.value.trim().length >= LIVE_FROM) search();
    else { show([], ""); makeChips(); }
  }

  /* Focus goes back at once on Escape, a click on the backdrop or the close button (the dialog's close event
     comes a task later: a key pressed in between would still land in the dialog); the close event covers
     any other way the dialog closes. */
  function close() {
    if (!dialog.open) return;
    dialog.close();
    closed();
  }

  function closed() {
    if (dialog.open) return; /* opened again before the close event came */
    document.documentElement.classList.remove("portaal-zoeken-open");
    box.value = "";
    const back = opener;
    opener = null;
    if (back && back.isConnected) {
      back.focus();
    }
  }

  dialog.addEventListener("close", closed);
  dialog.addEventListener("keydown", event => {
    if (event.key === "Escape") { /* also from the search field, which would only clear itself */
      event.preventDefault();
      close();
    }
  });
  dialog.addEventListener("click", event => {
    if (event.target === dialog) close(); /* the backdrop */
    if (event.target.closest("[data-sluit]")) close();
  });

  /* The header box: clicking or typing opens the dialog with what was typed. */
  box.addEventListener("click", event => { event.preventDefault(); open(box.value); });
  box.addEventListener("keydown", event => {
    if (event.key === "Enter" || event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      /* "/" in the empty box is the shortcut that opens the search, not the first letter of a question */
      const shortcut = event.key === "Enter" || event.key === "/" && !box.value;
      open(box.value + (shortcut ? "" : event.key));
    }
  });
  box.form.addEventListener("submit", event => { event.preventDefault(); open(box.value); });

  document.addEventListener("keydown", event => {
    if (dialog.open) return;
    const target = event.target;
    const typing = target instanceof HTMLElement
      && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k" || event.key === "/" && !typing) {
      event.preventDefault();
      open("");
    }
  });

  /* Live results from 3 characters on ("m", "me" would load much of the index for nothing);
     Enter searches any length. */
  const LIVE_FROM = 3;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const length = input.value.trim().length;
    if (length === 0 || length >= LIVE_FROM) timer = window.setTimeout(search, 120);
  });
  input.addEventListener("keydown", event => {
    const links = resultLinks();
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    } else if (event.key === "Enter" && links.length && list.dataset.vraag === input.value.trim()) {
      event.preventDefault();
      links[0].click();
    } else if (event.key === "Enter") {
      event.preventDefault();
      search().then(record); /* Enter finishes a search: record it at once */
    }
  });
  list.addEventListener("click", event => { if (event.target.closest("a")) record(); });
  dialog.addEventListener("close", () => record());
  list.addEventListener("keydown", event => {
    const links = resultLinks();
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at === 0) input.focus(); else links[at - 1].focus();
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus(); /* typing goes on in the search field */
    }
  });
  withdrawn.addEventListener("change", search);
  if (archived) archived.addEventListener("change", search);

  function resultLinks() {
    return Array.from(list.querySelectorAll("a"));
  }

  async function makeChips() {
    if (chipsMade) return;
    chipsMade = true;
    let available = {};
    try { available = await window.portaalZoekFilters(); } catch (error) { chipsMade = false; return; }
    const area = document.createDocumentFragment();
    for (const group of GROUPS) {
      const values = Object.keys(available[group.name] || {}).sort((a, b) => a.localeCompare(b, "nl"));
      if (!values.length) continue;
      if (chosen[group.name] && !values.includes(chosen[group.name])) chosen[group.name] = "";
      const set = document.createElement("div");
      set.className = "portaal-zoekvenster__groep";
      set.setAttribute("role", "group");
      const label = document.createElement("span");
      label.className = "portaal-zoekvenster__groepnaam";
      label.id = `portaal-zoekfilter-${group.name}`;
      label.textContent = group.label;
      set.setAttribute("aria-labelledby", label.id);
      set.append(label);
      for (const value of values) {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "portaal-chip";
        chip.dataset.filter = group.name;
        chip.dataset.value = value;
        chip.textContent = value;
        chip.setAttribute("aria-pressed", String(chosen[group.name] === value));
        chip.addEventListener("click", () => choose(group.name, value));
        set.append(chip);
      }
      area.append(set);
    }
    /* The chips in a disclosure "Filters": open on a wide screen, folded on a phone, where they would fill the
       first screen and push the results below it. */
    const fold = document.createElement("details");
    fold.className = "portaal-zoekvenster__filterkeuze";
    fold.open = !window.matchMedia("(max-width: 44.9375em)").matches;
    const summary = document.createElement("summary");
    summary.dataset.filterkop = "";
    fold.append(summary, area);
    const mine = document.createElement("p");
    mine.className = "portaal-zoekvenster__mijn";
    mine.dataset.mijn = "";
    filterArea.prepend(fold, mine);
    showChosen();
  }

  function choose(name, value) {
    chosen[name] = chosen[name] === value ? "" : value;
    if (name === "rol") {
      try {
        if (chosen.rol) window.localStorage.setItem(ROLE_KEY, chosen.rol);
        else window.localStorage.removeItem(ROLE_KEY);
      } catch (error) { /* private mode */ }
    }
    showChosen();
    search();
  }

  function showChosen() {
    for (const chip of filterArea.querySelectorAll(".portaal-chip")) {
      chip.setAttribute("aria-pressed", String(chosen[chip.dataset.filter] === chip.dataset.value));
    }
    const heading = filterArea.querySelector("[data-filterkop]");
    if (heading) {
      const count = Object.values(chosen).filter(Boolean).length;
      heading.textContent = count ? `Filters (${count} gekozen)` : "Filters: rol, thema, soort";
    }
    const mine = filterArea.querySelector("[data-mijn]");
    if (mine) {
      mine.textContent = chosen.rol ? `Alleen wat geldt voor mij: ${chosen.rol}` : "";
      mine.hidden = !chosen.rol;
    }
  }

  async function search() {
    window.clearTimeout(timer);
    const query = input.value.trim();
    const mine = ++sequence;
    if (!query) {
      show([], "");
      makeChips();
      return;
    }
    let results;
    try {
      results = await window.portaalZoek(query, { filters: { ...chosen }, vervallen: withdrawn.checked,
                                                  archief: Boolean(archived && archived.checked) });
    } catch (error) {
      if (mine !== sequence) return;
      list.replaceChildren();
      empty.hidden = true;
      status.textContent = "Zoeken lukt nu niet. Laad de pagina opnieuw, of kijk in de lijst van A tot Z.";
      return;
    }
    if (mine === sequence) show(results, query);
    makeChips(); /* after the first results: the filter index is not in their way */
  }

  /* Pagefind's excerpt as text, with only its <mark> elements kept. */
  function excerptNodes(excerpt) {
    const nodes = [];
    const parts = excerpt.split(/(<mark>|<\/mark>)/);
    let marked = false;
    for (const part of parts) {
      if (part === "<mark>") { marked = true; continue; }
      if (part === "</mark>") { marked = false; continue; }
      const text = decode(part.replace(/<[^>]*>/g, ""));
      if (!text) continue;
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(text));
      }
    }
    return nodes;
  }

  function decode(text) {
    return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (all, name) =>
      ({ amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'" })[name]);
  }

  /* The result's address with ?q=<search> before any #anchor: the access log then says what was opened. */
  function withQuery(url, query) {
    const at = url.indexOf("#");
    const [path, anchor] = at < 0 ? [url, ""] : [url.slice(0, at), url.slice(at)];
    return `${path}${path.includes("?") ? "&" : "?"}q=${encodeURIComponent(query)}${anchor}`;
  }

  /* One request to the portal's own server, once per search; never anywhere else. */
  function record() {
    window.clearTimeout(recordTimer);
    const { query, count } = lastShown;
    if (!query || query === recorded) return;
    recorded = query;
    const address = new URL(RECORD_URL);
    address.search = `?q=${encodeURIComponent(query)}&n=${count}`;
    fetch(address, { cache: "no-store", keepalive: true, credentials: "same-origin" }).catch(() => {});
  }

  /* No results with filters on: say so, with a button that searches again without them. */
  function showUnfilter(filtered) {
    let line = empty.querySelector("[data-zonder-filters]");
    if (!filtered.length) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.dataset.zonderFilters = "";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "portaal-zoekvenster__suggestie";
      button.textContent = "Zoek zonder filters";
      button.addEventListener("click", () => {
        for (const name of Object.keys(chosen)) chosen[name] = "";
        try { window.localStorage.removeItem(ROLE_KEY); } catch (error) { /* private mode */ }
        showChosen();
        input.focus();
        search();
      });
      line.append("Er staan filters aan. ", button);
      empty.prepend(line);
    }
  }

  function showMeant(options) {
    meant.replaceChildren();
    meant.hidden = !options.length;
    if (!options.length) return;
    meant.append("Bedoelde je ");
    options.forEach((option, index) => {
      if (index) meant.append(" of ");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "portaal-zoekvenster__suggestie";
      button.textContent = option;
      button.addEventListener("click", () => {
        input.value = option;
        input.focus();
        search();
      });
      meant.append(button);
    });
    meant.append("?");
  }

  function show(results, query) {
    list.replaceChildren();
    list.dataset.vraag = query; /* which question these results answer */
    showMeant(query ? results.bedoeldeJe || [] : []);
    lastShown = { query, count: results.length };
    window.clearTimeout(recordTimer);
    if (query) recordTimer = window.setTimeout(record, RECORD_PAUSE);
    for (const result of results) {
      const item = document.createElement("li");
      item.className = "portaal-zoekresultaat";
      const link = document.createElement("a");
      link.href = withQuery(result.url, query);
      const title = document.createElement("span");
      title.className = "portaal-zoekresultaat__titel";
      title.textContent = result.title;
      link.append(title);
      if (result.withdrawn) {
        const badge = document.createElement("span");
        badge.className = "portaal-zoekresultaat__vervallen";
        badge.textContent = " (vervallen)";
        title.append(badge);
      }
      const text = document.createElement("span");
      text.className = "portaal-zoekresultaat__tekst";
      if (result.excerpt.includes("<mark>") || !result.summary) text.append(...excerptNodes(result.excerpt));
      else text.textContent = result.summary;
      link.append(text);
      if (result.versie) { /* an old version from the archive: which one, and when it applied */
        const version = document.createElement("span");
        version.className = "portaal-zoekresultaat__versie";
        version.textContent = `Oude versie: ${result.versie}, gold ${result.geldig}`;
        link.append(version);
      }
      if (result.beantwoordt) {
        const answers = document.createElement("span");
        answers.className = "portaal-zoekresultaat__vraag";
        answers.textContent = `Beantwoordt: ${result.beantwoordt}`;
        link.append(answers);
      }
      item.append(link);
      list.append(item);
    }
    empty.hidden = !(query && results.length === 0);
    const filtered = Object.values(chosen).filter(Boolean);
    showUnfilter(query && results.length === 0 ? filtered : []);
    if (!query) status.textContent = "";
    else if (results.length === 0 && filtered.length) {
      status.textContent = `Geen resultaten voor "${query}" met de filters ${filtered.join(", ")}.`;
    } else if (results.length === 0) status.textContent = `Geen resultaten voor "${query}".`;
    else if (results.length === 1) status.textContent = "1 resultaat";
    else status.textContent = `${results.length} resultaten`;
  }

  dialog.dataset.klaar = ""; /* every listener is in place (the browser tests wait for this) */
})();

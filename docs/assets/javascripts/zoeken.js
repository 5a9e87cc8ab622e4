/* Integriteitsportaal: the query layer on Pagefind, in one file.
 *
 *   window.portaalZoek(query, options) -> Promise<[{url, title, excerpt, summary, withdrawn}]>
 *
 * Results best first. `excerpt` is text with <mark> around the words found (from
 * Pagefind); show it as text plus <mark> only. Options: {filters: {rol, thema, soort},
 * vervallen: false, limit: 10}. The search dialog (zoekvenster.js), the browser tests
 * and `make bench` all call this one function.
 *
 * What it adds to Pagefind (which stems Dutch itself, Snowball):
 * - Dutch question and stop words ("wie", "mag", "ik", "een") do not block a match;
 * - synonyms from policies/synoniemen.yml (the build writes zoeken/synoniemen.json)
 *   are searched next to the typed word;
 * - when all words together give fewer than 3 results, any word may match
 *   (documents matching more of the words first);
 * - withdrawn documents are left out unless `vervallen: true`, and then always come
 *   after the current ones, so never above the document that replaces them.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const ROOT = new URL("../../", script ? script.src : document.baseURI); /* assets/javascripts/ -> site root */
  const MIN_RESULTS = 3;
  const MAX_QUERIES = 12;
  const WITHDRAWN = "Vervallen";

  const STOP_WORDS = new Set((
    "wie wat waar waarom wanneer hoe hoeveel welk welke waarmee waarover wiens " +
    "ik je jij u me mij mijn jouw jullie we wij ons onze hij zij ze zijn haar hem het hun " +
    "de een der den des dit dat deze die daar hier er " +
    "is ben bent was waren wordt word worden werd zijn heb hebt heeft hebben had kan kun kunt " +
    "mag mogen moet moeten moest zal zullen zou zouden wil wilt willen doe doet doen gaat ga gaan " +
    "en of maar want als dan dus om te tot toe van voor na naar in op aan bij met zonder over uit " +
    "door onder tegen tussen wel nog ook al iets iemand even eens graag"
  ).split(/\s+/));

  let pagefindLoad = null;
  let synonymsLoad = null;

  function pagefind() {
    if (!pagefindLoad) {
      pagefindLoad = import(new URL("pagefind/pagefind.js", ROOT).href).then(async pf => {
        await pf.options({
          baseUrl: ROOT.pathname,
          excerptLength: 24,
          ranking: { metaWeights: { title: 6, trefwoorden: 4, vragen: 8, samenvatting: 2 } },
        });
        await pf.init();
        return pf;
      });
      pagefindLoad.catch(() => { pagefindLoad = null; });
    }
    return pagefindLoad;
  }

  function synonyms() {
    if (!synonymsLoad) {
      synonymsLoad = fetch(new URL("zoeken/synoniemen.json", ROOT))
        .then(response => (response.ok ? response.json() : { groepen: [] }))
        .then(data => (Array.isArray(data.groepen) ? data.groepen : []))
        .catch(() => []);
    }
    return synonymsLoad;
  }

  function words(text) {
    return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}-]+/u)
      .map(word => word.replace(/^-+|-+$/g, "")).filter(Boolean);
  }

  /* A synonym member matches a typed word when it is the word, or the word is the
     member plus a short ending ("sancties" for "sanctie"): no stemming, a prefix rule. */
  function sameWord(typed, member) {
    if (typed === member) return true;
    return member.length >= 5 && typed.startsWith(member) && typed.length - member.length <= 3;
  }

  /* Slots: one per content word, each with the words that may stand in its place. */
  function slots(query, groups) {
    const all = words(query);
    const content = all.filter(word => !STOP_WORDS.has(word));
    const chosen = content.length ? content : all;
    const text = ` ${all.join(" ")} `;
    const result = chosen.map(word => ({ word, alternatives: [] }));
    for (const group of groups) {
      const members = group.map(member => words(member).join(" "));
      for (const slot of result) {
        if (members.some(member => !member.includes(" ") && sameWord(slot.word, member))) {
          slot.alternatives.push(...members.filter(member => member !== slot.word));
        }
      }
      const phrase = members.find(member => member.includes(" ") && text.includes(` ${member} `));
      if (phrase && result.length) {
        const first = result.find(slot => phrase.split(" ").includes(slot.word)) || result[0];
        first.alternatives.push(...members.filter(member => member !== phrase));
      }
    }
    for (const slot of result) slot.alternatives = [...new Set(slot.alternatives)];
    return result;
  }

  function filtersFor(options) {
    const filters = {};
    for (const [name, value] of Object.entries(options.filters || {})) {
      if (value) filters[name] = value;
    }
    if (!options.vervallen) filters.status = { none: [WITHDRAWN] };
    return filters;
  }

  async function run(pf, term, filters) {
    const response = await pf.search(term, { filters });
    return response && response.results ? response.results : [];
  }

  async function portaalZoek(query, options = {}) {
    const limit = options.limit || 10;
    const [pf, groups] = await Promise.all([pagefind(), synonyms()]);
    const plan = slots(String(query || ""), groups);
    if (!plan.length) return [];
    const filters = filtersFor(options);

    /* 1. All words together, and with one word replaced by a synonym. */
    const together = [plan.map(slot => slot.word).join(" ")];
    for (const [index, slot] of plan.entries()) {
      for (const alternative of slot.alternatives) {
        if (together.length >= MAX_QUERIES) break;
        together.push(plan.map((other, i) => (i === index ? alternative : other.word)).join(" "));
      }
    }
    const scores = new Map();
    const found = await Promise.all(together.map(term => run(pf, term, filters)));
    found.forEach((results, number) => {
      const weight = number === 0 ? 1 : 0.9;
      for (const result of results) {
        const entry = scores.get(result.id) || { result, score: 0, words: plan.length };
        entry.score = Math.max(entry.score, result.score * weight);
        scores.set(result.id, entry);
      }
    });

    /* 2. Fewer than 3: any word (or one of its synonyms) may match; more words matched first. */
    if (scores.size < MIN_RESULTS && plan.length > 1) {
      const perSlot = await Promise.all(plan.map(slot =>
        Promise.all([slot.word, ...slot.alternatives].map(term => run(pf, term, filters)))));
      const partial = new Map();
      perSlot.forEach(lists => {
        const seen = new Set();
        for (const results of lists) {
          for (const result of results) {
            const entry = partial.get(result.id) || { result, score: 0, words: 0 };
            if (!seen.has(result.id)) { entry.words += 1; seen.add(result.id); }
            entry.score += result.score;
            partial.set(result.id, entry);
          }
        }
      });
      for (const [id, entry] of partial) if (!scores.has(id)) scores.set(id, entry);
    }

    const ranked = [...scores.values()].sort((a, b) => b.words - a.words || b.score - a.score);
    const shown = await Promise.all(ranked.slice(0, limit).map(async entry => {
      const data = await entry.result.data();
      const status = (data.filters && data.filters.status) || [];
      return {
        url: data.url,
        title: (data.meta && data.meta.title) || data.url,
        excerpt: data.excerpt || "",
        summary: (data.meta && data.meta.samenvatting) || "",
        withdrawn: status.includes(WITHDRAWN),
      };
    }));
    /* Withdrawn documents after every current one (a stable sort keeps the order within each). */
    shown.sort((a, b) => Number(a.withdrawn) - Number(b.withdrawn));
    return shown.slice(0, limit);
  }

  /* The filter values in the index, with display names and counts (for the filter chips). */
  async function portaalZoekFilters() {
    const pf = await pagefind();
    return pf.filters();
  }

  /* Start loading Pagefind and the synonyms before the first query (when the reader reaches the box). */
  function portaalZoekVoorbereiden() {
    return Promise.all([pagefind(), synonyms()]).then(() => undefined, () => undefined);
  }

  window.portaalZoek = portaalZoek;
  window.portaalZoekFilters = portaalZoekFilters;
  window.portaalZoekVoorbereiden = portaalZoekVoorbereiden;
})();

/* Integriteitsportaal: the query layer on Pagefind, in one file.
 *
 *   window.portaalZoek(query, options) -> Promise<[{url, title, excerpt, summary, withdrawn, beantwoordt}]>
 *
 * The answer array also carries `bedoeldeJe`: spelling suggestions (whole searches) when a typed
 * word is unknown to the index but close to a known one, e.g. ["klokkenluider"] for
 * "klokenluider"; empty otherwise.
 * `beantwoordt` is the question from the document's `vragen:` that the search matched ("" if none).
 * A result on the route finder or the glossary links to the anchor of the matching route or term.
 *
 * Results best first. `excerpt` is text with <mark> around the words found (from
 * Pagefind); show it as text plus <mark> only. Options: {filters: {rol, thema, soort},
 * vervallen: false, archief: false, limit: 10}. With `archief: true` old versions from the
 * archive's own index (pagefind-archief/, loaded only then) follow, each with `versie`
 * ("versie 1.0") and `geldig` ("van … tot …"); on other results these are "". The search dialog (zoekvenster.js), the browser tests
 * and `make bench` all call this one function.
 *
 * What it adds to Pagefind (which stems Dutch itself, Snowball):
 * - Dutch question and stop words ("wie", "mag", "ik", "een") do not block a match;
 * - synonyms from policies/synoniemen.yml (the build writes zoeken/synoniemen.json)
 *   are searched next to the typed word, each only when the index knows it as a word itself: a
 *   synonym that is in no document ("achtergrondcheck") helps the reader who types it, but is not
 *   searched for the other words of its group (Pagefind would match it loosely, by its beginning
 *   "achtergrond", and bring in pages on something else);
 * - a page found by more than one of these searches (the words as typed, with a synonym, another
 *   spelling) ranks higher: its best score plus half of the others;
 * - when all words together give fewer than 3 results, any word may match
 *   (documents matching more of the words first); a word Pagefind only matched loosely counts
 *   less: by its longest known beginning ("overstap" as "over": half, nothing when that is a stop
 *   word or shorter than four letters) or by a short shared stem ("bellen" finds "belangen": half).
 *   Only words found themselves count as words found; a half adds to the score alone. A search of
 *   all words with a word matched loosely by half ("etentje leverancier": "lever") is no search of
 *   all words, and a synonym the index does not know never takes a known word's place (Pagefind
 *   would leave it out and search fewer words);
 * - when nothing at all is found, an unknown word is searched as its longest beginning Pagefind
 *   knows ("zakenbrunch": "zaken");
 * - a Dutch separable verb split in the question ("zit … vast", "geef … door") is also searched
 *   joined ("vastzit", "doorgeven") when known words begin so;
 * - withdrawn documents are left out unless `vervallen: true`, and then always come
 *   after the current ones, so never above the document that replaces them;
 * - a word the index does not know (zoeken/woorden.json: the words of titles, keywords,
 *   questions and glossary terms) is also searched as the closest known word (one typo,
 *   two for words of eight letters or more) and, for a compound, as the known word (or form of
 *   one) it ends with ("gokschulden": "schulden"). A form of a known word ("meldingen": known
 *   "melding" plus an ending) gets no spelling help: Pagefind's stemmer finds it, and a
 *   near-spelling ("zendingen") would only add noise and an index chunk to load.
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

  const PARTICLES = new Set((
    "aan achter af bij binnen door in langs los mee mis na neer om onder op over samen tegen terug toe " +
    "uit vast voor vrij weg"
  ).split(/\s+/));

  let pagefindLoad = null;
  let synonymsLoad = null;
  let vocabularyLoad = null;
  const QUESTION_SEPARATOR = " | ";

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

  /* The archive's own index (old versions): a separate bundle, so a normal search never loads it. */
  let archiveLoad = null;
  function archiveIndex() {
    if (!archiveLoad) {
      archiveLoad = import(new URL("pagefind-archief/pagefind.js", ROOT).href).then(async pf => {
        await pf.options({ baseUrl: ROOT.pathname, excerptLength: 24, ranking: { metaWeights: { title: 6 } } });
        await pf.init();
        return pf;
      });
      archiveLoad.catch(() => { archiveLoad = null; });
    }
    return archiveLoad;
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

  function vocabulary() {
    if (!vocabularyLoad) {
      vocabularyLoad = fetch(new URL("zoeken/woorden.json", ROOT))
        .then(response => (response.ok ? response.json() : { woorden: [] }))
        .then(data => (Array.isArray(data.woorden) ? data.woorden : []))
        .catch(() => [])
        .then(list => ({ list, known: new Set(list) }));
    }
    return vocabularyLoad;
  }

  /* Edits from a to b (insert, delete, replace, swap two letters), or max + 1 when more than max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > max) return max + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* A known word, or a known word plus a short ending ("meldingen": "melding"): needs no spelling help
     (the index finds its forms itself). */
  function knownForm(word, vocab) {
    if (vocab.known.has(word)) return true;
    for (let cut = 1; cut <= 3 && word.length - cut >= 4; cut += 1) {
      if (vocab.known.has(word.slice(0, -cut))) return true;
    }
    return false;
  }

  /* A known word, or a known word of at least `min` letters plus a short ending ("werkzaamheden"). */
  function knownWhole(word, min, vocab) {
    for (let cut = 0; cut <= 3 && word.length - cut >= min; cut += 1) {
      if (vocab.known.has(cut ? word.slice(0, -cut) : word)) return true;
    }
    return false;
  }

  /* Known words close to an unknown one: the closest spellings first, then alphabetical. */
  function spellings(word, vocab) {
    if (knownForm(word, vocab) || word.length < 5) return [];
    if (vocab.list.some(known => known.startsWith(word))) return []; /* still typing */
    const max = word.length >= 8 ? 2 : 1;
    const found = [];
    for (const known of vocab.list) {
      const edits = distance(word, known, max);
      if (edits <= max) found.push({ known, edits });
    }
    found.sort((a, b) => a.edits - b.edits || a.known.localeCompare(b.known, "nl"));
    return found.map(entry => entry.known);
  }

  /* The longest end of an unknown compound (five letters or more) that is a known word or one of its
     forms ("gokschulden": "schulden", a form of "schuld"). */
  function compoundHead(word, vocab) {
    if (knownForm(word, vocab) || word.length < 8) return "";
    for (let start = 1; word.length - start >= 5; start += 1) {
      const end = word.slice(start);
      if (knownForm(end, vocab)) return end;
    }
    return "";
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

  /* The beginning the forms of a Dutch verb share, from the form typed ("loopt": "lop" as in "lopen",
     "geef": "gev" as in "geven", "klopt": "klop"): without the ending -t, a long vowel written once
     before the last letter, f and s as v and z. */
  function verbBeginning(verb) {
    const stem = verb.length > 3 && verb.endsWith("t") ? verb.slice(0, -1) : verb;
    return stem.replace(/([aeou])\1([^aeiou]?)$/, "$1$2").replace(/f$/, "v").replace(/s$/, "z");
  }

  /* Dutch separable verbs come apart in a question: "zit … vast" is "vastzitten", "klop … aan" is
     "aankloppen". A content word with such a particle after it is also searched as the known words
     (titles, keywords, questions, glossary) that begin with the particle plus the word or a form of it
     ("vastzit"; "houdt … aan": "aangehouden"); the particle is then no word of its own. */
  function joinSeparated(all, result, vocab) {
    for (const [at, particle] of all.entries()) {
      if (!PARTICLES.has(particle)) continue;
      for (const slot of result) {
        const position = all.indexOf(slot.word);
        if (position < 0 || position >= at || slot.joined) continue;
        const stem = verbBeginning(slot.word);
        const beginnings = [particle + slot.word, particle + stem, `${particle}ge${stem}`];
        const known = vocab.list.filter(word => beginnings.some(beginning => word.startsWith(beginning)))
          .sort((a, b) => a.length - b.length || a.localeCompare(b, "nl")).slice(0, 2);
        if (!known.length) continue;
        slot.alternatives.push(...known);
        for (const other of result) if (other.word === particle) other.joined = true;
      }
    }
  }

  /* A Dutch compound typed apart ("neven werkzaamheden", "vertrouwens persoon", "p gesprek") is one word
     again when the two typed words (no stop words) together, with or without a hyphen or a linking s,
     are a known word (titles, keywords, questions, glossary) or one plus a short ending, where the known
     word reaches well into the second typed word. */
  function joinCompounds(all, vocab, apartOf) {
    const result = [];
    for (let at = 0; at < all.length; at += 1) {
      const [first, second] = [all[at], all[at + 1]];
      const apart = second === undefined || STOP_WORDS.has(first) || STOP_WORDS.has(second);
      const joined = apart ? "" : [first + second, `${first}-${second}`, `${first}s${second}`]
        .find(word => knownWhole(word, first.length + 3, vocab));
      result.push(joined || first);
      if (joined) apartOf.set(joined, `${first} ${second}`);
      if (joined) at += 1;
    }
    return result;
  }

  /* Slots: one per content word, each with the words that may stand in its place. */
  function slots(query, groups, vocab) {
    const apartOf = new Map();
    const all = joinCompounds(words(query), vocab, apartOf);
    const content = all.filter(word => !STOP_WORDS.has(word));
    const chosen = content.length ? content : all;
    const text = ` ${all.join(" ")} `;
    const result = chosen.map(word => ({ word, alternatives: [], synonyms: new Set() }));
    for (const group of groups) {
      const members = group.map(member => words(member).join(" "));
      for (const slot of result) {
        if (members.some(member => !member.includes(" ") && sameWord(slot.word, member))) {
          slot.alternatives.push(...members.filter(member => member !== slot.word));
          for (const member of members) slot.synonyms.add(member);
        }
      }
      const phrase = members.find(member => member.includes(" ") && text.includes(` ${member} `));
      if (phrase && result.length) {
        const first = result.find(slot => phrase.split(" ").includes(slot.word)) || result[0];
        first.alternatives.push(...members.filter(member => member !== phrase));
        for (const member of members) first.synonyms.add(member);
      }
    }
    joinSeparated(all, result, vocab);
    for (const slot of result) {
      if (apartOf.has(slot.word)) slot.alternatives.push(apartOf.get(slot.word));
      const head = compoundHead(slot.word, vocab);
      slot.spellings = spellings(slot.word, vocab).slice(0, 2);
      slot.alternatives.push(...slot.spellings);
      if (head) slot.alternatives.push(head);
      slot.alternatives = [...new Set(slot.alternatives)].filter(word => word !== slot.word);
    }
    return result.filter(slot => !slot.joined);
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

  async function portaalZoek(query, options = {}, index = pagefind, lastResort = true) {
    const limit = options.limit || 10;
    const [pf, groups, vocab] = await Promise.all([index(), synonyms(), vocabulary()]);
    const plan = slots(String(query || ""), groups, vocab);
    if (!plan.length) return Object.assign([], { bedoeldeJe: [] });
    const filters = filtersFor(options);

    /* Each word and stand-in alone (when there are more words; else the synonyms): the any-word search below
       uses them, and a stand-in the index does not know at all (a synonym: not as a word itself) is left out
       of the searches of all words together. Pagefind
       leaves out a word it does not know, so "diner leverancier" would be searched as "leverancier" alone:
       fewer words than were typed, yet counted as all of them. */
    const searched = new Map(); /* every search of this question once: a word alone, all words together */
    const searchOnce = term => {
      if (!searched.has(term)) searched.set(term, run(pf, term, filters));
      return searched.get(term);
    };
    const qualities = new Map();
    const qualityOf = term => {
      if (!qualities.has(term)) {
        qualities.set(term, knownForm(term, vocab) ? Promise.resolve(1)
          : searchOnce(term).then(results => matchQuality(term, results)));
      }
      return qualities.get(term);
    };
    await Promise.all(plan.flatMap(slot => (plan.length > 1 ? [slot.word, ...slot.alternatives]
      : slot.alternatives.filter(alternative => slot.synonyms.has(alternative))).map(searchOnce)));
    for (const slot of plan) {
      const known = [];
      for (const alternative of slot.alternatives) {
        const synonym = slot.synonyms.has(alternative);
        const quality = plan.length === 1 && !synonym ? 1 : await qualityOf(alternative);
        if (synonym ? quality === 1 : quality > 0) known.push(alternative);
      }
      slot.known = known;
    }

    /* 1. All words together, and with one word replaced by a synonym. */
    const together = [plan.map(slot => slot.word).join(" ")];
    for (const [index, slot] of plan.entries()) {
      for (const alternative of slot.known) {
        if (together.length >= MAX_QUERIES) break;
        together.push(plan.map((other, i) => (i === index ? alternative : other.word)).join(" "));
      }
    }
    /* A search of all words counts as one only when Pagefind found each word itself, not by a loose match worth
       half a word ("leverancier" as "lever"). A word Pagefind does not know, or only as a stop word or a very
       short beginning ("aanbiedt" as "aan"), stands in the way of no document and is as good as left out. */
    const genuine = await Promise.all(together.map(async term => {
      if (plan.length < 2) return true;
      const levels = await Promise.all(term.split(" ").map(qualityOf));
      return levels.every(quality => quality === 1 || quality === 0);
    }));
    /* A page found in more than one form of the question (the words as typed, with a synonym, with another
       spelling) scores its best search plus half of the others: for "casussen" a case found as "casus",
       "praktijkvoorbeeld" and "casuïstiek" comes before a page that has only one of those words. */
    const scores = new Map();
    const found = await Promise.all(together.map(searchOnce));
    found.forEach((results, number) => {
      const weight = number === 0 ? 1 : 0.9;
      if (!genuine[number]) return;
      for (const result of results) {
        const entry = scores.get(result.id) || { result, score: 0, words: 0, all: 1, best: 0, total: 0 };
        entry.best = Math.max(entry.best, result.score * weight);
        entry.total += result.score * weight;
        entry.score = entry.best + 0.5 * (entry.total - entry.best);
        scores.set(result.id, entry);
      }
    });

    /* 2. Fewer than 3: any word (or one of its synonyms) may match; more words found first, where only a word
       Pagefind found itself counts: a loose match (worth half) adds to the score only, so "leverancier" found
       as "lever" does not lift a page above one that has another word of the question strongly. */
    if (scores.size < MIN_RESULTS && plan.length > 1) {
      const perSlot = await Promise.all(plan.map(slot =>
        Promise.all([slot.word, ...slot.known].map(async term => {
          const results = await searchOnce(term);
          return { results, quality: await qualityOf(term) };
        }))));
      const partial = new Map();
      perSlot.forEach(lists => {
        const best = new Map();
        for (const { results, quality } of lists) {
          for (const result of results) {
            const entry = partial.get(result.id) || { result, score: 0, words: 0, all: 0 };
            best.set(result.id, Math.max(best.get(result.id) || 0, quality));
            entry.score += result.score * quality;
            partial.set(result.id, entry);
          }
        }
        for (const [id, quality] of best) if (quality === 1) partial.get(id).words += 1;
      });
      for (const [id, entry] of partial) if (!scores.has(id)) scores.set(id, entry);
    }

    /* 3. Nothing at all: an unknown word is searched as its longest beginning Pagefind knows as a word of its
       own ("zakenbrunch": "zaken"), rather than leaving the reader with an empty screen. */
    if (!scores.size && lastResort) {
      const typed = words(String(query || ""));
      let changed = false;
      for (const slot of plan) {
        const at = typed.indexOf(slot.word); /* a joined separable verb is no typed word: left as typed */
        const beginning = at < 0 ? "" : await knownBeginning(slot.word, searchOnce, qualityOf);
        if (!beginning) continue;
        typed[at] = beginning;
        changed = true;
      }
      if (changed) {
        const answer = await portaalZoek(typed.join(" "), options, index, false);
        answer.bedoeldeJe = suggestions(plan, String(query || ""));
        return answer;
      }
    }

    const ranked = [...scores.values()].sort((a, b) => b.all - a.all || b.words - a.words || b.score - a.score);
    const shown = await Promise.all(ranked.slice(0, limit).map(entry => pageData(entry.result, data => {
      const status = (data.filters && data.filters.status) || [];
      const meta = data.meta || {};
      return {
        url: meta.soort ? data.url : bestSection(data),
        title: meta.title || data.url,
        excerpt: data.excerpt || "",
        summary: meta.samenvatting || "",
        withdrawn: status.includes(WITHDRAWN),
        beantwoordt: answeredQuestion(meta.vragen || "", plan),
        versie: meta.versie || "",
        geldig: meta.geldig || "",
      };
    })));
    /* Withdrawn documents after every current one (a stable sort keeps the order within each). */
    shown.sort((a, b) => Number(a.withdrawn) - Number(b.withdrawn));
    const answer = shown.slice(0, limit);
    answer.bedoeldeJe = suggestions(plan, String(query || ""));
    if (options.archief && index === pagefind) { /* old versions after everything that applies now */
      const old = await portaalZoek(query, { ...options, archief: false, vervallen: true }, archiveIndex)
        .catch(() => []); /* no archive index (no old versions): nothing to add */
      answer.push(...old);
    }
    return answer;
  }

  /* The longest beginning of an unknown word (at least four letters, at least three letters shorter, no stop
     word) that Pagefind finds as a word itself, not loosely; "" when there is none. */
  async function knownBeginning(word, searchOnce, qualityOf) {
    if ((await searchOnce(word)).length) return "";
    for (let end = word.length - 3; end >= 4; end -= 1) {
      const beginning = word.slice(0, end);
      if (STOP_WORDS.has(beginning) || !(await searchOnce(beginning)).length) continue;
      if ((await qualityOf(beginning)) === 1) return beginning;
    }
    return "";
  }

  /* Pagefind keeps one object per page and writes the words found by the latest search into it: ask
     for one page's data one call at a time, and `use` it before the next call. */
  const pageTurns = new Map();
  function pageData(result, use) {
    const turn = (pageTurns.get(result.id) || Promise.resolve()).then(() => result.data()).then(use);
    pageTurns.set(result.id, turn.then(() => undefined, () => undefined));
    return turn;
  }

  /* How well Pagefind matched a searched term, judged on its best result: 1 for the word itself, a
     form of it (another ending of at most three letters) or a longer word that begins with it. Less
     for loose matches: Pagefind searches a word it does not know, nor any longer word beginning with
     it, as its longest known beginning ("overstap" as "over", "afdeling" as "af"), worth half a word,
     and nothing when that beginning is a stop word or shorter than four letters; a word that only
     shares a short stem ("bellen" finds "belangen") is also worth half a word. */
  async function matchQuality(term, results) {
    if (!results.length) return 0;
    const found = await pageData(results[0], data => {
      const text = (data.content || "").split(/\s+/);
      return (data.locations || []).map(location => fold(text[location] || "")).filter(Boolean);
    });
    const typed = fold(term);
    if (!found.length) return 1; /* found in a meta field only (keywords): Pagefind knows the word */
    if (found.every(word => typed.length - word.length >= 3 && typed.startsWith(word))) {
      return found.some(word => word.length >= 4 && !STOP_WORDS.has(word)) ? 0.5 : 0;
    }
    const shared = word => {
      let length = 0;
      while (length < word.length && word[length] === typed[length]) length += 1;
      return length;
    };
    return found.some(word => shared(word) >= Math.min(typed.length, word.length) - 3) ? 1 : 0.5;
  }

  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  /* Two words match when one starts with the other (four letters or more) or they share five. */
  function similar(a, b) {
    if (a === b) return true;
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    if (short.length >= 4 && long.startsWith(short)) return true;
    return short.length >= 5 && long.slice(0, 5) === short.slice(0, 5);
  }

  /* The question of the document that shares the most words with the search (at least half). */
  function answeredQuestion(questions, plan) {
    let best = "";
    let bestCount = 0;
    const needed = Math.max(1, Math.ceil(plan.length / 2));
    for (const question of questions.split(QUESTION_SEPARATOR)) {
      const own = words(question);
      const count = plan.filter(slot =>
        [slot.word, ...slot.alternatives].some(word => own.some(other => similar(word, other)))).length;
      if (count >= needed && count > bestCount) {
        best = question.trim();
        bestCount = count;
      }
    }
    return best;
  }

  /* The section of a page (route, term) where most of the words were found, as its anchor URL. */
  function bestSection(data) {
    let best = null;
    for (const section of data.sub_results || []) {
      if (!section.url || !section.url.includes("#")) continue;
      const count = (section.locations || []).length;
      if (!best || count > best.count) best = { url: section.url, count };
    }
    return best && best.count > 0 ? best.url : data.url;
  }

  /* "Bedoelde je …?": the search with each unknown word replaced by its closest known spelling. */
  function suggestions(plan, query) {
    const first = plan.filter(slot => slot.spellings.length);
    if (!first.length) return [];
    const typed = words(query);
    const options = [];
    for (let choice = 0; choice < 2; choice += 1) {
      const replaced = typed.map(word => {
        const slot = first.find(other => other.word === word);
        return slot ? (slot.spellings[choice] || slot.spellings[0]) : word;
      }).join(" ");
      if (!options.includes(replaced) && replaced !== typed.join(" ")) options.push(replaced);
    }
    return options;
  }

  /* The filter values in the index, with display names and counts (for the filter chips). */
  async function portaalZoekFilters() {
    const pf = await pagefind();
    return pf.filters();
  }

  /* Start loading Pagefind, the synonyms and the word list before the first query (when the reader
     reaches the box), and Pagefind's filter index: every search needs it (withdrawn documents are
     filtered out), so it need not wait for the first typed word. */
  let prepared = null;
  function portaalZoekVoorbereiden() {
    if (!prepared) {
      prepared = Promise.all([pagefind().then(pf => pf.filters()), synonyms(), vocabulary()])
        .then(() => undefined, () => { prepared = null; });
    }
    return prepared;
  }

  window.portaalZoek = (query, options) => portaalZoek(query, options);
  window.portaalZoekFilters = portaalZoekFilters;
  window.portaalZoekVoorbereiden = portaalZoekVoorbereiden;
})();

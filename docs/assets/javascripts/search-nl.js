/* Integriteitsportaal: Dutch search stems for the query side.
 *
 * The same rules as `stem` and `rewrite_query` in hooks/portaal/search.py,
 * which adds the stems of every page (and their other spellings, such as
 * "persoon" for "personen") to the search index at build time. The test suite
 * runs both on one word list and requires identical results: change the rules
 * in both places or not at all.
 *
 * Loaded by the search worker (workers/portaal-search.js) and by Node in the
 * tests; it touches no page. */
(function (root) {
  "use strict";

  var MIN_STEM = 3;
  var DIMINUTIVES = ["etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je"];
  var DERIVATIONS = ["heden", "heid", "ingen", "ing"];
  var VOWELS = "aeiouy";
  var PARTICIPLE_ENDINGS = ["dt", "rd", "gd"];
  var LETTERS = /^\p{L}+$/u;
  var PLAIN_TERM = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

  function fold(word) {
    return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function endsWith(word, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      if (word.slice(-suffixes[i].length) === suffixes[i]) return true;
    }
    return false;
  }

  function strip(word, suffix) {
    if (word.slice(-suffix.length) === suffix && word.length - suffix.length >= MIN_STEM) {
      return word.slice(0, -suffix.length);
    }
    return null;
  }

  /* The search stem of one word: always a prefix of the folded word, so
   * what someone has typed so far still matches. */
  function stem(word) {
    var w = fold(word);
    if (w.length <= MIN_STEM || !LETTERS.test(w)) return w;
    var rest;
    [DIMINUTIVES, DERIVATIONS].forEach(function (group) {
      for (var i = 0; i < group.length; i++) {
        rest = strip(w, group[i]);
        if (rest !== null) {
          w = rest;
          break;
        }
      }
    });
    if (w.slice(-1) === "s" && w.slice(-2) !== "ss") {
      w = strip(w, "s") || w;
    }
    var ending = false;
    var endings = ["en", "e"];
    for (var j = 0; j < endings.length; j++) {
      rest = strip(w, endings[j]);
      if (rest !== null && VOWELS.indexOf(rest.slice(-1)) < 0) {
        w = rest;
        ending = true;
        break;
      }
    }
    if (!ending && endsWith(w, PARTICIPLE_ENDINGS) && w.length > MIN_STEM + 1) {
      w = w.slice(0, -1);
    }
    if (w.length > MIN_STEM && w.slice(-1) === w.slice(-2, -1) && VOWELS.indexOf(w.slice(-1)) < 0) {
      w = w.slice(0, -1);
    }
    return w;
  }

  /* The query Material's search should run for what the reader typed: each
   * plain word becomes its stem (Material then adds `*`, so it still matches
   * as a prefix); anything with search syntax stays as typed. */
  function rewrite(query) {
    if (query.indexOf('"') >= 0) return query;
    var terms = [];
    query.trim().split(/\s+/).forEach(function (term) {
      if (!term) return;
      if (PLAIN_TERM.test(term)) {
        term.split("-").forEach(function (part) { terms.push(stem(part)); });
      } else {
        terms.push(term);
      }
    });
    return terms.join(" ");
  }

  var api = { fold: fold, stem: stem, rewrite: rewrite };
  root.portaalSearch = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : this);

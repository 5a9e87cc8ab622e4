/* Integriteitsportaal: let Material's search use the Dutch search worker.
 *
 * Runs after Material's `#__config` and before Material's bundle reads it
 * (overrides/main.html, block `config`). It swaps the worker URL for
 * workers/portaal-search.js in the same folder and hands it the original file
 * name. Everything else in Material's search stays as it is. */
(function () {
  "use strict";

  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  if (typeof config.search !== "string") return;
  var slash = config.search.lastIndexOf("/");
  var folder = config.search.slice(0, slash + 1);
  var material = config.search.slice(slash + 1);
  config.search = folder + "portaal-search.js?material=" + encodeURIComponent(material);
  element.textContent = JSON.stringify(config);
})();

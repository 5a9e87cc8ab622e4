/* Integriteitsportaal: Material's search worker, with Dutch query stems.
 *
 * search-setup.js points Material at this worker and passes the file name of
 * Material's own worker in `?material=`. This worker loads the Dutch rules
 * (../search-nl.js), registers its message listener, and then loads Material's
 * worker unchanged. Each query message is replaced by one with the rewritten
 * query before Material's listener sees it; all other messages pass through.
 * Material's worker loads its lunr language files from ../lunr/, which is why
 * this file sits in the same folder. */
(function () {
  "use strict";

  var QUERY = 2; /* SearchMessageType.QUERY in Material 9 */
  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("portaal-search: unexpected Material worker '" + material + "'");
  }

  importScripts("../search-nl.js");

  var rewritten = new WeakSet();
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (rewritten.has(event) || !message || message.type !== QUERY || typeof message.data !== "string") return;
    event.stopImmediatePropagation();
    var next = new MessageEvent("message", {
      data: { type: QUERY, data: self.portaalSearch.rewrite(message.data) }
    });
    rewritten.add(next);
    self.dispatchEvent(next);
  });

  importScripts(material);
})();

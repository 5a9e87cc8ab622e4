/* Integriteitsportaal: re-check review states against the reader's date; the menu button by keyboard.
 *
 * The build decides each banner and badge; a site can sit unchanged on the
 * intranet for months, so the browser decides again with today's date. Without
 * JavaScript the build-time state stays visible. */
(function () {
  "use strict";

  var DAY = 24 * 60 * 60 * 1000;
  // Employees read "Wordt herzien"; owner pages (data-wording="owner") keep the owner's detail.
  var LABELS = {
    reader: { actueel: "", binnenkort: "Wordt herzien", verlopen: "Wordt herzien" },
    owner: { actueel: "", binnenkort: "Beoordeling binnenkort", verlopen: "Beoordeling verlopen" }
  };
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"];

  function dueSoonDays() {
    var meta = document.querySelector('meta[name="portaal:due-soon-days"]');
    var days = meta ? parseInt(meta.getAttribute("content"), 10) : NaN;
    return isNaN(days) ? 60 : days;
  }

  function todayUtc() {
    // Without a site_url the build only knows the page's path: the stamp shows where the reader is.
    document.querySelectorAll("[data-portaal-address]").forEach(function (el) {
      if (!/^https?:/.test(el.textContent) && /^https?:$/.test(location.protocol)) {
        el.textContent = location.origin + location.pathname;
      }
    });
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function stateOf(iso, today, window) {
    var parts = iso.split("-");
    var due = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
    var daysLeft = Math.round((due - today) / DAY);
    if (daysLeft < 0) return "verlopen";
    if (daysLeft <= window) return "binnenkort";
    return "actueel";
  }

  // A table wider than the page scrolls sideways in Material's wrapper: make that region reachable
  // and scrollable by keyboard (WCAG 2.1.1), named after what it holds.
  function focusableScrollRegions() {
    var number = 0;
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        number += 1;
        var heading = wrap.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        var about = heading ? ": " + heading.textContent.replace(/¶/g, "").trim() : "";
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tabel " + number + about + " (schuif opzij voor meer kolommen)");
      }
    });
  }

  function refresh() {
    focusableScrollRegions();
    var today = todayUtc();
    var window = dueSoonDays();
    document.querySelectorAll(".portaal-review[data-review-by]").forEach(function (banner) {
      var state = stateOf(banner.getAttribute("data-review-by"), today, window);
      banner.setAttribute("data-state", state);
      banner.hidden = state === "actueel";
      banner.querySelectorAll("[data-when]").forEach(function (message) {
        message.hidden = message.getAttribute("data-when") !== state;
      });
    });
    document.querySelectorAll(".portaal-state[data-review-by]").forEach(function (badge) {
      var state = stateOf(badge.getAttribute("data-review-by"), today, window);
      badge.className = "portaal-state portaal-state--" + state;
      var labels = LABELS[badge.getAttribute("data-wording")] || LABELS.reader;
      badge.textContent = labels[state];
    });
    // Without a site_url the build only knows the page's path: the stamp shows where the reader is.
    document.querySelectorAll("[data-portaal-address]").forEach(function (el) {
      if (!/^https?:/.test(el.textContent) && /^https?:$/.test(location.protocol)) {
        el.textContent = location.origin + location.pathname;
      }
    });
    var now = new Date();
    document.querySelectorAll("[data-portaal-printed]").forEach(function (el) {
      el.textContent = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    });
  }

  // The menu button of a narrow screen (a label that hooks/portaal/site/a11y.py put in the tab order): the
  // space bar opens and closes the menu, as a click does (Material itself clicks a focused label on Enter).
  document.addEventListener("keydown", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-portaal-menu]") : null;
    if (!button || event.key !== " ") return;
    event.preventDefault();
    button.click();
  });

  // Material swaps pages without reloading when instant loading is on.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(refresh);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();

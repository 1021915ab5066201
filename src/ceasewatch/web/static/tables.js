// On a narrow screen a wide table scrolls sideways (app.css): make each such table
// reachable from the keyboard and named, so that it can be scrolled without a mouse.
(function () {
  "use strict";
  var said = (document.currentScript && document.currentScript.dataset.table) || "table";  // in the page's language
  function mark() {
    document.querySelectorAll("main table").forEach(function (t, n) {
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
        if (!t.getAttribute("aria-label") && !t.querySelector("caption")) {
          var heading = t.previousElementSibling;
          t.setAttribute("aria-label", heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : said + " " + (n + 1));
        }
      } else {
        t.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("resize", mark);
  mark();
})();

// Leaflet's own words (the zoom buttons' titles) in the page's language: loaded after
// leaflet.js with the words in its data attributes, before any map is made.
(function () {
  "use strict";
  var said = document.currentScript && document.currentScript.dataset;
  if (typeof L === "undefined" || !said) { return; }
  L.Control.Zoom.prototype.options.zoomInTitle = said.zoomIn || "Zoom in";
  L.Control.Zoom.prototype.options.zoomOutTitle = said.zoomOut || "Zoom out";
})();

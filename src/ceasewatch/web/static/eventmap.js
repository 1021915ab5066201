// An event's page: a small map of its place (a point, and the circle of its precision)
// among the agreement's zones, drawn with no tiles unless the server is given some.
(function () {
  "use strict";
  const el = document.getElementById("eventmap");
  if (!el) { return; }
  const lat = Number(el.dataset.lat), lon = Number(el.dataset.lon);
  const radius = Number(el.dataset.radius || 0);
  const colour = el.dataset.colour || "#555";
  const map = L.map(el, { zoomControl: true, attributionControl: false, maxZoom: 16, minZoom: 4 });
  window.cwEventMap = map;  // for the browser tests
  const here = L.latLng(lat, lon);
  if (radius > 0) {  // the view first: Leaflet draws nothing on a map with no view
    map.fitBounds(here.toBounds(radius * 2), { padding: [12, 12], maxZoom: 13 });
  } else {
    map.setView(here, 12);
  }
  if (radius > 0) {
    L.circle(here, { radius: radius, color: colour, weight: 1, dashArray: "4 4", fillOpacity: 0.08, interactive: false }).addTo(map);
  }
  const marker = L.circleMarker(here, { radius: 7, color: "#111", weight: 2, fillColor: colour, fillOpacity: 0.9 }).addTo(map);
  marker.getElement().setAttribute("data-place", "event");
  if (el.dataset.agreement) {
    fetch("/api/agreements/" + encodeURIComponent(el.dataset.agreement) + "/zones",
          { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((zones) => {
        if (!zones) { return; }
        L.geoJSON(zones, {
          style: (f) => ({ color: "#4a5a70", weight: 1.5, fillOpacity: f.geometry.type.includes("Polygon") ? 0.08 : 0 }),
          interactive: false,
        }).addTo(map);
        marker.bringToFront();
        el.dataset.ready = "1";
      })
      .catch(() => { el.dataset.ready = "1"; });
  } else {
    el.dataset.ready = "1";
  }
})();

// Where the observation was made: a click on the small map, or the device's own position,
// fills the form's latitude and longitude (and typing them moves the marker). The map
// draws the agreement's zones for orientation and needs no tiles.
(function () {
  "use strict";
  var el = document.getElementById("picker");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var here = document.getElementById("here");
  var said = document.getElementById("here-status");
  if (!el || !lat || !lon || typeof L === "undefined") { return; }
  var form = document.getElementById("observe");
  var words = JSON.parse((form && form.dataset.words) || "{}");  // in the page's language
  function t(text) { return words[text] || text; }
  var map = L.map(el, { zoomControl: true, minZoom: 3, maxZoom: 18 }).setView([39.8, 46.7], 8);
  window.cwPicker = map;  // for the browser tests
  var marker = null;

  function put(la, lo, move) {
    lat.value = la.toFixed(5);
    lon.value = lo.toFixed(5);
    if (marker) { marker.setLatLng([la, lo]); } else { marker = L.circleMarker([la, lo], { radius: 7 }).addTo(map); }
    if (move) { map.setView([la, lo], Math.max(map.getZoom(), 12)); }
  }
  map.on("click", function (e) { put(e.latlng.lat, e.latlng.lng, false); });
  function typed() {
    var la = parseFloat(lat.value), lo = parseFloat(lon.value);
    if (isFinite(la) && isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180) { put(la, lo, true); }
  }
  lat.addEventListener("change", typed);
  lon.addEventListener("change", typed);
  if (here && navigator.geolocation) {
    here.addEventListener("click", function () {
      said.textContent = t("Finding this device's position…");
      navigator.geolocation.getCurrentPosition(function (p) {
        put(p.coords.latitude, p.coords.longitude, true);
        said.textContent = t("Position taken from this device (within %(metres)s m).").replace("%(metres)s", String(Math.round(p.coords.accuracy)));
      }, function (err) {
        said.textContent = t("No position from this device:") + " " + err.message;
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  } else if (here) {
    here.disabled = true;
  }
  if (el.dataset.agreement && navigator.onLine) {
    fetch("/api/agreements/" + encodeURIComponent(el.dataset.agreement) + "/zones", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (zones) {
        if (!zones) { return; }
        var layer = L.geoJSON(zones, { style: { color: "#555", weight: 1, fillOpacity: 0.08 }, interactive: false }).addTo(map);
        if (!marker && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [6, 6] }); }
      })
      .catch(function () {});
  }
})();

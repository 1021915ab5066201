// The map page: the agreement's zones and the events, drawn from ceasewatch's own API.
// No tiles are needed; a tile layer is added only when the server is given one.
(function () {
  "use strict";
  const el = document.getElementById("map");
  const colours = Object.fromEntries(JSON.parse(el.dataset.colours || "[]"));
  const zoneColours = JSON.parse(el.dataset.zoneColours || "{}");  // the reports' colours
  const map = L.map(el, { preferCanvas: false, zoomControl: true, maxZoom: 18, minZoom: 3 });
  map.setView([39.8, 46.7], 8);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "map tiles as configured" }).addTo(map);
  }
  const cluster = L.markerClusterGroup({ maxClusterRadius: 30, showCoverageOnHover: false, disableClusteringAtZoom: 12 });
  window.cwMap = map;  // for the browser tests and the curious
  map.addLayer(cluster);
  const form = document.getElementById("filters");
  const slider = document.getElementById("slider");
  const sliderDay = document.getElementById("slider-day");
  const count = document.getElementById("count");
  let events = [];
  let days = [];

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  }

  async function loadZones() {
    if (!el.dataset.agreement) { return; }
    const zones = await getJSON("/api/agreements/" + encodeURIComponent(el.dataset.agreement) + "/zones");
    const layer = L.geoJSON(zones, {
      style: (f) => ({ color: zoneColours[f.properties.kind] || zoneColours[""], weight: 2,
        fillOpacity: f.geometry.type.includes("Polygon") ? 0.2 : 0 }),
      onEachFeature: (f, l) => l.bindTooltip(escapeHtml(f.properties.name)),
    }).addTo(map);
    layer.eachLayer((l) => l.getElement && l.getElement() && l.getElement().setAttribute("data-zone", l.feature.properties.id));
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  }

  async function loadEvents() {
    const params = new URLSearchParams();
    const data = new FormData(form);
    for (const s of data.getAll("status")) { params.append("status", s); }
    if (data.get("from")) { params.set("from", data.get("from")); }
    if (data.get("to")) { params.set("to", data.get("to")); }
    params.set("limit", "1000");
    const out = [];
    let after = null;
    do {
      if (after) { params.set("after", after); }
      const page = await getJSON("/api/events?" + params.toString());
      out.push(...page.events);
      after = page.next;
    } while (after && out.length < 20000);
    events = out;
    days = [...new Set(events.map((e) => e.date.start).filter(Boolean))].sort();
    slider.max = String(Math.max(days.length - 1, 0));
    if (!form.dataset.sliderSet) { slider.value = slider.max; }
    draw();
  }

  function draw() {
    const data = new FormData(form);
    const families = new Set(data.getAll("family"));
    const upTo = days.length ? days[Number(slider.value)] : null;
    sliderDay.textContent = upTo || "";
    cluster.clearLayers();
    let shown = 0;
    for (const e of events) {
      if (!families.has(e.family)) { continue; }
      if (upTo && e.date.start && e.date.start > upTo) { continue; }
      if (e.place.lat === null || e.place.lon === null) { continue; }
      const m = L.circleMarker([e.place.lat, e.place.lon], {
        radius: 7, color: e.status === "disputed" ? "#000" : "#fff", weight: e.status === "disputed" ? 2 : 1,
        fillColor: colours[e.family] || "#333", fillOpacity: 0.9,
      });
      m.bindPopup('<a href="/events/' + encodeURIComponent(e.id) + '">' + escapeHtml(e.type) + "</a><br>" +
        escapeHtml(e.date.start || "?") + " · " + escapeHtml(e.place.name || "?") + "<br>" + escapeHtml(e.status));
      m.on("add", () => { const p = m.getElement(); if (p) { p.setAttribute("data-event", e.id); p.setAttribute("data-family", e.family); } });
      cluster.addLayer(m);
      shown += 1;
    }
    count.textContent = shown + " event(s) shown";
    el.dataset.shown = String(shown);
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents().catch(report); });
  form.addEventListener("change", (ev) => { if (ev.target.name === "family") { draw(); } });
  slider.addEventListener("input", () => { form.dataset.sliderSet = "1"; draw(); });
  function report(err) { count.textContent = "Could not load: " + err.message; }
  loadZones().catch(report).then(() => loadEvents()).catch(report);
})();

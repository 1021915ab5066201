// The map page: the geography (map-geography.js), the agreement's zones and the events,
// drawn from ceasewatch's own API. No tiles are needed; a tile layer is added only when
// the server is given one (ceasewatch serve --tiles).
//
// Party, words and status are asked of the API (/api/events?party=&q=&status=); the
// families and the time window are applied here, to the events loaded. The time window
// (from-to) sits over a histogram of the events per week, and "Play" moves it on a
// week at a time.
//
// Below zoom ``data-bins-below`` (7 unless the page says otherwise) the map shows no
// events but bins: how many events of the filters (families and the time window among
// them) fall in each cell of a square grid, counted by the server (/api/bins, docs/web.md).
// From that zoom on it shows the events; when there are more than one load takes
// (MAX_EVENTS), it asks for those in the view only, again after each move.
(function () {
  "use strict";
  const el = document.getElementById("map");
  const colours = Object.fromEntries(JSON.parse(el.dataset.colours || "[]"));
  const zoneColours = JSON.parse(el.dataset.zoneColours || "{}");  // the reports' colours
  const words = JSON.parse(el.dataset.words || "{}");  // what this script writes, in the page's language
  const t = (text) => words[text] || text;
  const types = JSON.parse(el.dataset.types || "{}");  // the taxonomy's labels, in the page's language
  const tiles = el.dataset.tiles;
  const binsBelow = Number(el.dataset.binsBelow || 7);
  const MAX_EVENTS = 20000;
  // readers who ask for less motion get a map that does not animate (WCAG 2.3.3)
  const still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  const map = L.map(el, {
    preferCanvas: false, zoomControl: true, maxZoom: 18, minZoom: 3,
    zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still,
  });
  window.cwMap = map;  // for the browser tests and the curious
  map.setView([39.8, 46.7], 8);
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles as configured" }).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t("Geography: Natural Earth (public domain)"));
  const cluster = L.markerClusterGroup({
    maxClusterRadius: 30, showCoverageOnHover: false, disableClusteringAtZoom: 12,
    iconCreateFunction: clusterIcon, animate: !still, animateAddingMarkers: false,
  });
  map.addLayer(cluster);
  const binLayer = L.layerGroup().addTo(map);
  let mode = null;  // "bins" or "events": what the map shows now
  let boxed = false;  // the events are those of the view only (too many for one load)

  const form = document.getElementById("filters");
  const count = document.getElementById("count");
  const fromInput = document.getElementById("from");
  const toInput = document.getElementById("to");
  const winFrom = document.getElementById("win-from");
  const winTo = document.getElementById("win-to");
  const histogram = document.getElementById("histogram");
  const play = document.getElementById("play");
  const DAY = 86400000;
  let events = [];
  let weeks = [];  // the Mondays (ISO dates) from the first event's week to the last's
  let timer = null;

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  }

  // -- zones: outlined and hatched, never filled circles (those are events) --------------

  function zoneStyle(f) {
    const kind = f.properties.kind;
    const colour = zoneColours[kind] || zoneColours[""];
    const area = f.geometry.type.includes("Polygon");
    return {
      color: colour, weight: kind === "line_of_contact" ? 3 : 2,
      dashArray: kind === "line_of_contact" || kind === "withdrawal_line" ? "10 6" : (area ? "5 4" : null),
      fillColor: colour, fillOpacity: area ? (kind === "corridor" ? 0.18 : 0.07) : 0,
      className: "cw-zone cw-zone-" + kind,
    };
  }

  async function loadZones() {
    if (!el.dataset.agreement) { return null; }
    const zones = await getJSON("/api/agreements/" + encodeURIComponent(el.dataset.agreement) + "/zones");
    const checkpoints = L.layerGroup();
    const layer = L.geoJSON(zones, {
      style: zoneStyle,
      onEachFeature: (f, l) => {
        l.bindTooltip(escapeHtml(f.properties.name) + (f.properties.approximate ? " " + t("(approximate)") : ""));
        if (f.properties.kind === "checkpoint") {  // a square mark, as in the legend
          const c = l.getBounds().getCenter();
          const icon = L.divIcon({ className: "cw-checkpoint", iconSize: [12, 12] });
          checkpoints.addLayer(L.marker(c, { icon, keyboard: false, title: f.properties.name })
            .on("add", (ev) => {  // its name (the title) is the agreement's, not a label of ours
              ev.target.getElement().setAttribute("data-checkpoint", f.properties.id);
              ev.target.getElement().setAttribute("translate", "no");
            }));
        }
      },
    }).addTo(map);
    checkpoints.addTo(map);
    layer.eachLayer((l) => l.getElement && l.getElement() && l.getElement().setAttribute("data-zone", l.feature.properties.id));
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      return layer.getBounds();
    }
    return null;
  }

  // -- events -------------------------------------------------------------------------

  function filterParams() {  // what the API filters: status, party, words
    const params = new URLSearchParams();
    const data = new FormData(form);
    for (const s of data.getAll("status")) { params.append("status", s); }
    if (data.get("party")) { params.set("party", data.get("party")); }
    if (String(data.get("q") || "").trim()) { params.set("q", String(data.get("q")).trim()); }
    return params;
  }

  function viewBox() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
            clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(5)).join(",");
  }

  function load() {
    return map.getZoom() < binsBelow ? loadBins() : loadEvents();
  }

  async function loadEvents() {
    const params = filterParams();
    if (boxed) { params.set("bbox", viewBox()); }
    params.set("limit", "1000");
    const out = [];
    let after = null;
    do {
      if (after) { params.set("after", after); }
      const page = await getJSON("/api/events?" + params.toString());
      out.push(...page.events);
      after = page.next;
    } while (after && out.length < MAX_EVENTS);
    if (after && !boxed) { boxed = true; return loadEvents(); }  // too many: the view's only
    setMode("events");
    events = out;
    setWeeks();
    draw();
  }

  // -- bins, below binsBelow ----------------------------------------------------------

  async function loadBins() {
    const params = filterParams();
    const data = new FormData(form);
    for (const f of data.getAll("family")) { params.append("family", f); }
    if (fromInput.value) { params.set("from", fromInput.value); }
    if (toInput.value) { params.set("to", toInput.value); }
    params.set("bbox", viewBox());
    params.set("zoom", String(map.getZoom()));
    const answer = await getJSON("/api/bins?" + params.toString());
    if (map.getZoom() >= binsBelow) { return; }  // zoomed in meanwhile: events are asked
    setMode("bins");
    binLayer.clearLayers();
    for (const b of answer.bins) {
      const marker = L.marker([b.lat, b.lon], { icon: binIcon(b), keyboard: true, title: String(b.count) });
      marker.on("add", () => {
        const p = marker.getElement();
        if (p) { p.setAttribute("data-bin", b.bounds.join(",")); p.setAttribute("data-count", String(b.count)); }
      });
      marker.on("click", () => map.fitBounds([[b.bounds[1], b.bounds[0]], [b.bounds[3], b.bounds[2]]]));
      binLayer.addLayer(marker);
    }
    count.textContent = answer.count + " " + t("event(s) shown") + " (" + t("counted in squares: zoom in for the events") + ")";
    el.dataset.shown = String(answer.count);
    el.dataset.bins = String(answer.bins.length);
  }

  function binIcon(b) {  // a square, coloured by its families' shares, with its count
    const total = b.count;
    let at = 0;
    const stops = [];
    for (const [f, n] of Object.entries(b.families).sort((x, y) => y[1] - x[1])) {
      const next = at + (n / total) * 100;
      stops.push((colours[f] || "#333") + " " + at.toFixed(2) + "% " + next.toFixed(2) + "%");
      at = next;
    }
    const size = total < 100 ? 30 : total < 10000 ? 38 : 46;
    return L.divIcon({
      className: "cw-bin", iconSize: [size, size],
      html: '<div class="cw-bin-square" data-families="' + escapeHtml(Object.keys(b.families).join(" ")) +
        '" style="background: conic-gradient(' + stops.join(", ") + ')"><span>' + total + "</span></div>",
    });
  }

  function setMode(next) {
    if (mode === next) { return; }
    mode = next;
    el.dataset.mode = next;
    if (next === "bins") { cluster.clearLayers(); } else { binLayer.clearLayers(); delete el.dataset.bins; }
  }

  let moving = null;
  function follow() {  // after the first load: each move asks again what the view needs
    map.on("moveend", () => {
      const wanted = map.getZoom() < binsBelow ? "bins" : "events";
      if (wanted === "events" && mode === "events" && !boxed) { return; }  // all loaded already
      window.clearTimeout(moving);
      moving = window.setTimeout(() => { load().catch(report); }, 150);
    });
  }

  function monday(iso) {  // the Monday of an ISO date's week, as an ISO date
    const d = new Date(iso + "T00:00:00Z");
    return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
  }

  function setWeeks() {
    const days = events.map((e) => e.date.start).filter(Boolean).sort();
    weeks = [];
    if (days.length) {
      const last = new Date(monday(days[days.length - 1]) + "T00:00:00Z").getTime();
      for (let t = new Date(monday(days[0]) + "T00:00:00Z").getTime(); t <= last; t += 7 * DAY) {
        weeks.push(new Date(t).toISOString().slice(0, 10));
      }
    }
    const top = String(Math.max(weeks.length - 1, 0));
    for (const s of [winFrom, winTo]) { s.max = top; }
    // the window's dates stay as they were set; else it is everything
    if (!fromInput.value) { winFrom.value = "0"; }
    else { winFrom.value = String(weekIndex(fromInput.value)); }
    if (!toInput.value) { winTo.value = top; }
    else { winTo.value = String(weekIndex(toInput.value)); }
  }

  function weekIndex(iso) {
    const m = monday(iso);
    let i = 0;
    while (i + 1 < weeks.length && weeks[i + 1] <= m) { i += 1; }
    return i;
  }

  function addDays(iso, n) {
    return new Date(new Date(iso + "T00:00:00Z").getTime() + n * DAY).toISOString().slice(0, 10);
  }

  function inWindow(e, from, to) {
    const start = e.date.start;
    if (!start) { return !from && !to; }  // undated: only when no window is set
    const end = e.date.end || start;
    return (!to || start <= to) && (!from || end >= from);
  }

  function draw() {
    if (mode === "bins") { reload(); return; }  // the server counts what the window holds
    const data = new FormData(form);
    const families = new Set(data.getAll("family"));
    const from = fromInput.value || null;
    const to = toInput.value || null;
    cluster.clearLayers();
    let shown = 0;
    let placeless = 0;
    const perWeek = new Map();
    for (const e of events) {
      if (!families.has(e.family)) { continue; }
      if (e.date.start) {
        const w = monday(e.date.start);
        perWeek.set(w, (perWeek.get(w) || 0) + 1);
      }
      if (!inWindow(e, from, to)) { continue; }
      if (e.place.lat === null || e.place.lon === null) { placeless += 1; continue; }
      const m = L.circleMarker([e.place.lat, e.place.lon], {
        radius: 7, color: e.status === "disputed" ? "#000" : "#fff", weight: e.status === "disputed" ? 2 : 1,
        fillColor: colours[e.family] || "#333", fillOpacity: 0.9, family: e.family,
      });
      m.bindPopup('<a href="/events/' + encodeURIComponent(e.id) + '">' + escapeHtml(types[e.type] || e.type) + "</a><br>" +
        escapeHtml(e.date.start || "?") + " · " + escapeHtml(e.place.name || "?") + "<br>" + escapeHtml(t(e.status)));
      m.on("add", () => { const p = m.getElement(); if (p) { p.setAttribute("data-event", e.id); p.setAttribute("data-family", e.family); } });
      cluster.addLayer(m);
      shown += 1;
    }
    count.textContent = shown + " " + t("event(s) shown") + (placeless ? "; " + placeless + " " + t("more with no place on the map") : "");
    el.dataset.shown = String(shown);
    drawHistogram(perWeek);
  }

  // A cluster is a ring of its families' colours (their shares of it) around its count.
  function clusterIcon(c) {
    const byFamily = new Map();
    for (const m of c.getAllChildMarkers()) {
      byFamily.set(m.options.family, (byFamily.get(m.options.family) || 0) + 1);
    }
    const total = c.getChildCount();
    let at = 0;
    const stops = [];
    for (const [f, n] of [...byFamily.entries()].sort((a, b) => b[1] - a[1])) {
      const next = at + (n / total) * 100;
      stops.push((colours[f] || "#333") + " " + at.toFixed(2) + "% " + next.toFixed(2) + "%");
      at = next;
    }
    const size = total < 10 ? 30 : total < 100 ? 36 : 44;
    const families = [...byFamily.keys()].join(" ");
    return L.divIcon({
      className: "cw-cluster", iconSize: [size, size],
      html: '<div class="cw-cluster-ring" data-families="' + escapeHtml(families) + '" style="background: conic-gradient(' +
        stops.join(", ") + ')"><span>' + total + "</span></div>",
    });
  }

  // -- the time window and its histogram ------------------------------------------------

  function drawHistogram(perWeek) {
    const n = weeks.length;
    const counts = weeks.map((w) => perWeek.get(w) || 0);
    const most = Math.max(1, ...counts);
    const lo = Number(winFrom.value);
    const hi = Number(winTo.value);
    const ns = "http://www.w3.org/2000/svg";
    histogram.replaceChildren();
    histogram.setAttribute("viewBox", "0 0 " + Math.max(n, 1) + " 40");
    histogram.setAttribute("preserveAspectRatio", "none");
    counts.forEach((k, i) => {
      const bar = document.createElementNS(ns, "rect");
      const h = k ? Math.max(2, (k / most) * 38) : 0;
      bar.setAttribute("x", String(i + 0.1));
      bar.setAttribute("width", "0.8");
      bar.setAttribute("y", String(40 - h));
      bar.setAttribute("height", String(h));
      bar.setAttribute("data-week", weeks[i]);
      bar.setAttribute("data-count", String(k));
      bar.setAttribute("class", fromInput.value || toInput.value ? (i >= lo && i <= hi ? "in" : "out") : "in");
      const title = document.createElementNS(ns, "title");
      title.textContent = t("week of") + " " + weeks[i] + ": " + k + " " + t("event(s)");
      bar.appendChild(title);
      histogram.appendChild(bar);
    });
    const label = document.getElementById("window-label");
    label.textContent = weeks.length
      ? (fromInput.value || weeks[0]) + " " + t("to") + " " + (toInput.value || addDays(weeks[n - 1], 6))
      : t("no dated events");
  }

  // The sliders pick weeks; the date fields hold the window's days. Either sets the other.
  function fromSliders(moved) {
    let lo = Number(winFrom.value);
    let hi = Number(winTo.value);
    if (lo > hi) { if (moved === winFrom) { hi = lo; winTo.value = String(hi); } else { lo = hi; winFrom.value = String(lo); } }
    if (!weeks.length) { return; }
    fromInput.value = weeks[lo];
    toInput.value = addDays(weeks[hi], 6);
    draw();
  }

  function fromDates() {
    if (fromInput.value && toInput.value && toInput.value < fromInput.value) { return; }
    if (weeks.length) {
      winFrom.value = String(fromInput.value ? weekIndex(fromInput.value) : 0);
      winTo.value = String(toInput.value ? weekIndex(toInput.value) : weeks.length - 1);
    }
    draw();
  }

  function step() {  // the window moves on a week, keeping its width, and stops at the end
    const lo = Number(winFrom.value);
    const hi = Number(winTo.value);
    if (hi + 1 >= weeks.length) { stop(); return; }
    winFrom.value = String(lo + 1);
    winTo.value = String(hi + 1);
    fromSliders(null);
  }

  function start() {
    if (!weeks.length) { return; }
    let lo = Number(winFrom.value);
    let hi = Number(winTo.value);
    if (lo === 0 && hi === weeks.length - 1) { hi = Math.min(3, hi); }  // all: play a month at a time
    else if (hi === weeks.length - 1) { hi -= lo; lo = 0; }  // at the end: from the start again
    winFrom.value = String(lo);
    winTo.value = String(hi);
    fromSliders(null);
    play.setAttribute("aria-pressed", "true");
    play.textContent = t("Pause");
    timer = window.setInterval(step, Number(play.dataset.interval || 700));
  }

  function stop() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    play.setAttribute("aria-pressed", "false");
    play.textContent = t("Play");
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  let typing = null;
  function reload() { load().catch(report); }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); reload(); });
  form.addEventListener("change", (ev) => {
    const name = ev.target.name;
    if (name === "family") { if (mode === "bins") { reload(); } else { draw(); } }
    else if (name === "party" || name === "status") { reload(); }
    else if (name === "from" || name === "to") { fromDates(); }
  });
  form.addEventListener("input", (ev) => {
    if (ev.target.name === "q") { window.clearTimeout(typing); typing = window.setTimeout(reload, 350); }
    if (ev.target.name === "from" || ev.target.name === "to") { fromDates(); }
  });
  winFrom.addEventListener("input", () => { stop(); fromSliders(winFrom); });
  winTo.addEventListener("input", () => { stop(); fromSliders(winTo); });
  play.addEventListener("click", () => { if (timer === null) { start(); } else { stop(); } });
  document.getElementById("window-all").addEventListener("click", () => {
    stop(); fromInput.value = ""; toInput.value = ""; setWeeks(); draw();
  });
  if (window.matchMedia("(max-width: 760px)").matches) {
    document.getElementById("legend").removeAttribute("open");  // a phone: the map first
  }
  function report(err) { count.textContent = t("Could not load:") + " " + err.message; }

  loadZones().catch((err) => { report(err); return null; }).then((bounds) => {
    // the geography near the zones (20 degrees around them), drawn under everything
    const region = bounds ? [bounds.getWest() - 20, bounds.getSouth() - 20, bounds.getEast() + 20, bounds.getNorth() + 20] : null;
    const geo = window.cwGeography.drawGeography(map, region, tiles).then((layers) => { window.cwLayers = layers; });
    const places = window.cwGeography.drawPlaces(map, el.dataset.agreement);
    Promise.all([geo, places]).then(() => { el.dataset.geography = "ready"; }).catch(report);
    return load();
  }).catch(report).then(follow);
})();

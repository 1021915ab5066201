// ceasewatch's service worker: the observation form and its scripts and styles open with
// no connection (the last copy fetched), so that a monitor can fill it in and keep a draft
// (static/observe.js). Everything else goes to the network as usual.
"use strict";
var CACHE = "ceasewatch-field-v3";
var KEPT = ["/observe", "/static/app.css", "/static/observe.js", "/static/picker.js",
  "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
  "/static/leaflet-words.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(KEPT); }));
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (KEPT.indexOf(url.pathname) < 0) { return; }
  event.respondWith(
    fetch(event.request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (c) { c.put(event.request, copy); });
      }
      return response;
    }).catch(function () { return caches.match(event.request); })
  );
});

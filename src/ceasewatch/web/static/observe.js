// The observation form in the field: each filing carries an id made here, so that sending
// it twice stores it once; with no connection the form is kept as a draft in this browser
// and filed when the connection is back (each draft once: a second try is refused as
// stored already, and the draft is dropped). Files are not kept in drafts.
(function () {
  "use strict";
  var KEY = "ceasewatch.drafts";
  var form = document.getElementById("observe");
  var status = document.getElementById("drafts");
  if (!form || !status) { return; }
  var words = JSON.parse(form.dataset.words || "{}");  // in the page's language
  function t(text, values) {
    var said = words[text] || text;
    Object.keys(values || {}).forEach(function (k) { said = said.split("%(" + k + ")s").join(String(values[k])); });
    return said;
  }

  function newId() {
    var bytes = new Uint8Array(9);
    crypto.getRandomValues(bytes);
    return "obs-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function drafts() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function keep(list) { localStorage.setItem(KEY, JSON.stringify(list)); show(list); }
  function show(list) {
    status.textContent = list.length
      ? t("%(num)s observation(s) kept in this browser, to be filed when the connection is back.", { num: list.length })
      : "";
  }
  function fields() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { out[name] = value; }
    });
    return out;
  }

  form.addEventListener("submit", function (event) {
    form.elements.id.value = form.elements.id.value || newId();
    if (navigator.onLine) { return; }  // filed now, by the form itself
    event.preventDefault();
    var list = drafts();
    list.push(fields());
    keep(list);
    form.reset();
    form.elements.id.value = "";
    status.textContent = t("No connection: the observation is kept in this browser and will be filed when the connection is back.") + " " + status.textContent;
  });

  var sending = false;
  function flush() {
    var list = drafts();
    if (sending || !list.length || !navigator.onLine) { return; }
    sending = true;
    var draft = list[0];
    var body = new FormData();
    Object.keys(draft).forEach(function (name) { body.append(name, draft[name]); });
    fetch("/observe", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) {
        sending = false;
        if (r.ok || r.status === 409) {  // filed, now or by an earlier try
          keep(drafts().filter(function (d) { return d.id !== draft.id; }));
          status.textContent = t("Filed %(id)s from this browser's drafts.", { id: draft.id }) + " " + status.textContent;
          flush();
        } else if (r.status === 401 || r.status === 403) {
          status.textContent = t("Log in again to file the %(num)s kept observation(s).", { num: list.length });
        } else {
          status.textContent = t("A kept observation was refused (%(status)s); it stays here: %(id)s", { status: r.status, id: draft.id });
        }
      })
      .catch(function () { sending = false; });
  }
  window.addEventListener("online", flush);
  show(drafts());
  flush();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
})();

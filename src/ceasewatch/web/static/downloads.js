// Download links (templates/_downloads.html): each one's address carries the filters its
// form holds now, in the event list's parameters (docs/web.md), so that what is
// downloaded is what the page shows. A group of boxes all ticked means no filter. A list
// page names the fields its downloads take (data-params); the map's are these below.
(function () {
  "use strict";
  const MULTI = ["family", "status", "type"];
  const SINGLE = ["from", "to", "party", "bbox"];

  function named(form, names) {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of names) {
      for (const v of data.getAll(name)) { if (v) { params.append(name, v); } }
    }
    return params.toString();
  }

  function query(form) {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of MULTI) {
      const boxes = form.querySelectorAll("input[type=checkbox][name='" + name + "']");
      const ticked = data.getAll(name).filter((v) => v !== "");
      const every = boxes.length > 0 && ticked.length === boxes.length;
      if (!every) { for (const v of ticked) { params.append(name, v); } }
    }
    for (const name of SINGLE) {
      const v = data.get(name);
      if (v) { params.set(name, v); }
    }
    if (form.dataset.bbox) { params.set("bbox", form.dataset.bbox); }
    return params.toString();
  }

  for (const box of document.querySelectorAll(".downloads[data-form]")) {
    const form = document.getElementById(box.dataset.form);
    if (!form) { continue; }
    const names = (box.dataset.params || "").split(" ").filter((n) => n);
    const base = box.dataset.base || "/api/events";
    const update = () => {
      const q = names.length ? named(form, names) : query(form);
      for (const a of box.querySelectorAll("a[data-suffix]")) {
        a.href = base + "." + a.dataset.suffix + (q ? "?" + q : "");
      }
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("submit", update);
    update();
  }
})();

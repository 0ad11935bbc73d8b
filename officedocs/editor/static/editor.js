/* The editor's form: rows added, removed and moved; each change checked by the server, its
   problems shown beside their field and the sheet or the figures beside the form; saving.
   No framework: the form is HTML from the server; rows.js numbers it and reads its values. */
(function () {
  "use strict";
  var S = window.Sunting;
  var main = document.querySelector("main.sunting");
  var form = document.getElementById("formulir");
  var kind = main.dataset.kind;
  var docId = main.dataset.id;
  var base = main.dataset.base;
  var key = main.dataset.kunci;
  var citations = JSON.parse(document.getElementById("kutipan").textContent);
  var uidCounter = 0, timer = null, asked = 0, shown = 0;
  var items = S.items, control = S.control, renumber = S.renumber;
  var refreshChoices = S.refreshChoices, collect = S.collect;

  function currentId() {
    var box = document.querySelector("[data-berkas]");
    return box ? box.value.trim() : docId;
  }

  function post(route, body) {
    return fetch("/_sunting/api/" + route, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Kunci": key},
      body: JSON.stringify(body),
      credentials: "same-origin"
    });
  }

  function placeOf(where) {
    var w = where;
    while (w) {
      var el = form.querySelector('[data-where="' + CSS.escape(w) + '"]');
      if (el) return el;
      var cut = Math.max(w.lastIndexOf("."), w.lastIndexOf("["));
      w = cut > 0 ? w.slice(0, cut) : "";
    }
    return where === "__berkas" ? document.querySelector('[data-field="__berkas"]') : null;
  }
  function showProblems(problems) {
    form.querySelectorAll(".masalah").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var loose = [];
    problems.forEach(function (p) {
      var place = placeOf(p.where);
      if (place && quiet(place)) return;
      var box = place && place.querySelector(":scope > .masalah");
      var line = document.createElement("p");
      line.className = p.kind === "warning" ? "peringatan" : "kesalahan";
      line.textContent = (p.kind === "warning" ? "Peringatan: " : "") + p.message;
      if (box) {
        box.appendChild(line);
        var input = place.matches("div.field") ? control(place) : null;
        if (input && p.kind !== "warning") input.setAttribute("aria-invalid", "true");
      } else loose.push(p);
    });
    return loose;
  }
  /* A field nobody has filled yet (a new document's, a new row's) says nothing until it is
     touched or saved: an empty form is not a list of mistakes. */
  var saveTried = false;
  function quiet(place) {
    if (saveTried) return false;
    var fresh = !docId || place.closest("li[data-item]:not([data-origin])");
    return fresh && !place.closest("[data-touched]") && !place.querySelector("[data-touched]");
  }
  function describe(p) {
    var place = placeOf(p.where);
    var label = place && (place.querySelector(":scope > label") || place.querySelector(":scope > legend"));
    return (label ? label.textContent + ": " : "") + p.message;
  }

  function check() {
    var mine = ++asked;
    var body = {kind: kind, id: currentId() || "baru", data: collect()};
    return post("periksa", body).then(function (r) { return r.json(); }).then(function (answer) {
      if (mine < shown) return;
      shown = mine;
      var loose = showProblems(answer.problems);
      var note = document.getElementById("catatan-pratinjau");
      var errors = answer.problems.filter(function (p) { return p.kind === "error"; }).length;
      note.textContent = loose.map(describe).join("\n");
      var view = document.getElementById(kind === "sop" ? "lembar" : "pratinjau");
      var drawn = kind === "sop" ? answer.page : answer.hasil;
      if (drawn) {
        if (kind === "sop") showSheet(view, drawn); else view.innerHTML = drawn;
        view.classList.remove("usang");
      } else {
        view.classList.add("usang");
        note.textContent = (errors ? "Pratinjau belum diperbarui: " + errors + " masalah pada isian. " : "") + note.textContent;
      }
      updateRoles(answer.pejabat || {});
      Object.keys(answer.markdown || {}).forEach(function (k) {
        var box = form.querySelector('[data-preview="' + k + '"]');
        if (box) box.innerHTML = answer.markdown[k];
      });
      main.dataset.checked = String(mine);
    });
  }
  /* The sheet's web page, as the build writes it, in a frame without scripts; after the first
     load only its body is replaced, so the frame keeps its place and does not flash. */
  var pendingSheet = null;
  function showSheet(frame, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    if (frame.dataset.loaded === "1") {
      patch(frame.contentDocument.body, doc.body);
      return;
    }
    pendingSheet = doc.body.innerHTML;
    if (frame.dataset.loaded === "0") return;
    frame.dataset.loaded = "0";
    var base = doc.createElement("base");
    base.href = "/" + kind + "/";
    doc.head.insertBefore(base, doc.head.firstChild);
    var fit = doc.createElement("style");  // the landscape sheet, whole, beside the form
    fit.textContent = "html { zoom: 0.6; }";
    doc.head.appendChild(fit);
    frame.addEventListener("load", function () {
      frame.dataset.loaded = "1";
      frame.contentDocument.body.innerHTML = pendingSheet;
      var first = frame.contentDocument.querySelector("section.prosedur");
      if (first) first.scrollIntoView();
    }, {once: true});
    frame.srcdoc = "<!DOCTYPE html>" + doc.documentElement.outerHTML;
  }
  /* Only the sheet's sections that changed are replaced: a step's text redraws its page,
     not the whole sheet. */
  function patch(shown, fresh) {
    var old = shown.querySelectorAll("section.sheet"), now = fresh.querySelectorAll("section.sheet");
    if (old.length !== now.length || !old.length) { shown.innerHTML = fresh.innerHTML; return; }
    for (var i = 0; i < now.length; i++) {
      if (old[i].outerHTML !== now[i].outerHTML) old[i].replaceWith(shown.ownerDocument.importNode(now[i], true));
    }
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 50);
  }
  function updateRoles(holders) {
    form.querySelectorAll("select[data-role] option[data-jabatan]").forEach(function (opt) {
      var who = holders[opt.value];
      opt.textContent = opt.dataset.jabatan + " — " + (who || "tidak ada yang menjabat pada tanggal itu");
    });
  }
  function updateCitations() {
    form.querySelectorAll("input[data-regulation]").forEach(function (input) {
      var text = citations[input.value.trim()];
      input.parentElement.querySelector(".kutipan").textContent = input.value.trim() ? (text || "tidak ada di dasar_hukum.yaml") : "";
    });
  }
  function linkSop(input) {
    var match = Array.prototype.filter.call(document.querySelectorAll("#daftar-sop option"), function (o) {
      return o.value === input.value;
    })[0];
    if (match) input.dataset.sop = match.dataset.id; else delete input.dataset.sop;
  }

  function save() {
    saveTried = true;
    var status = document.getElementById("status");
    status.textContent = "Menyimpan...";
    var body = {kind: kind, id: currentId(), new: !docId, base: base, data: collect()};
    return post("simpan", body).then(function (r) {
      return r.json().then(function (answer) { return [r.status, answer]; });
    }).then(function (pair) {
      var answer = pair[1];
      status.textContent = "";
      if (pair[0] === 409) {
        status.textContent = "Belum disimpan: berkas ini diubah di luar penyunting sejak formulir dibuka. Muat ulang untuk melihat isinya yang baru (isian Anda di sini akan hilang). ";
        var again = document.createElement("button");
        again.type = "button";
        again.textContent = "Muat ulang";
        again.addEventListener("click", function () { location.reload(); });
        status.appendChild(again);
        return;
      }
      if (!answer.ok) {
        var loose = showProblems(answer.problems);
        var errors = answer.problems.filter(function (p) { return p.kind === "error"; });
        status.textContent = "Belum disimpan, " + errors.length + " masalah:\n" + errors.map(describe).join("\n");
        return;
      }
      base = answer.base;
      if (!docId) {
        docId = answer.id;
        main.dataset.id = docId;
        var box = document.querySelector('[data-field="__berkas"]');
        box.querySelector("input").readOnly = true;
        history.replaceState(null, "", "/_sunting/" + kind + "/" + docId);
      }
      form.querySelectorAll("[data-list]").forEach(function (list) {
        items(list).forEach(function (li, i) { li.dataset.origin = String(i); });
      });
      status.textContent = "Tersimpan";
    });
  }

  form.addEventListener("input", function (e) {
    var t = e.target;
    var touched = t.closest("div.field, fieldset");
    if (touched) touched.dataset.touched = "1";
    if (t.matches("input.kalender")) {
      var text = t.parentElement.querySelector("[data-key]");
      text.value = t.value;
    } else if (t.matches(".tanggal > [data-key]")) {
      t.parentElement.querySelector(".kalender").value = /^\d{4}-\d{2}-\d{2}$/.test(t.value) ? t.value : "";
    }
    if (t.matches("input[data-link]")) linkSop(t);
    if (t.matches("input.cabang-nama")) {
      var field = t.closest("div.field");
      field.dataset.field = t.value.trim();
      field.dataset.label = "Jika " + (t.value.trim() || "...") + ", ke langkah";
      renumber();
    }
    if (t.matches("input[data-regulation]")) updateCitations();
    if (t.matches("select[data-target], select[data-actor]")) {
      t.dataset.value = Array.prototype.filter.call(t.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; }).join(" ");
    }
    schedule();
  });
  form.addEventListener("change", function (e) {
    if (e.target.matches("[data-actor-name], [data-key=uraian]")) refreshChoices();
  });
  form.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b || !form.contains(b)) return;
    if (b.id === "simpan") { save(); return; }
    var li = b.closest("li[data-item]");
    if (b.hasAttribute("data-add-branch")) {
      var set = b.closest("[data-branches]");
      var exit = set.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
      set.querySelector(":scope > ol.cabang").appendChild(exit);
      renumber();
      exit.querySelector("input").focus();
    } else if (b.hasAttribute("data-add")) {
      var list = b.closest("[data-list]");
      var row = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
      row.dataset.uid = "n" + (++uidCounter);
      list.querySelector(":scope > ol.items").appendChild(row);
      renumber();
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    } else if (b.hasAttribute("data-up") && li.previousElementSibling) {
      li.parentElement.insertBefore(li, li.previousElementSibling);
      renumber();
    } else if (b.hasAttribute("data-remove")) {
      li.remove();
      renumber();
    } else return;
    schedule();
  });

  form.querySelectorAll(".tanggal > [data-key]").forEach(function (t) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(t.value)) t.parentElement.querySelector(".kalender").value = t.value;
  });
  renumber();
  updateCitations();
  check();
})();

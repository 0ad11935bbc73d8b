/* The form's rows: numbered labels and places, the choices of actors and steps, and the
   values read back into the document's data (shared by editor.js as window.Sunting). */
(function () {
  "use strict";
  var form = document.getElementById("formulir");
  var REMOVED = "\u0000dihapus";  // a jump to a step removed in the form (checking.REMOVED)
  var idCounter = 0;

  function items(list) { return Array.prototype.slice.call(list.querySelector(":scope > ol.items").children); }
  function listOf(li) { return li.parentElement.closest("[data-list]"); }
  function topList(name) { return form.querySelector(':scope > fieldset[data-list="' + name + '"]'); }

  function chain(el) {
    var out = [], node = el.parentElement;
    while (node && node !== form) {
      if (node.matches("li[data-item]")) {
        var list = listOf(node);
        out.unshift(list.dataset.itemLabel + " " + (items(list).indexOf(node) + 1));
      }
      node = node.parentElement;
    }
    return out;
  }
  function whereOf(el) {
    var segs = [], node = el;
    while (node && node !== form) {
      if (node.matches("li[data-item]")) segs.unshift("[" + items(listOf(node)).indexOf(node) + "]");
      else if (node.dataset && node.dataset.field) segs.unshift("." + node.dataset.field);
      node = node.parentElement;
    }
    return segs.join("").replace(/^\./, "");
  }
  function control(field) {
    return field.querySelector(":scope > [data-key], :scope > .tanggal > [data-key], :scope > select[data-target]");
  }

  function renumber() {
    form.querySelectorAll("div.field[data-label]").forEach(function (field) {
      var names = chain(field);
      var own = field.dataset.field ? field.dataset.label : "";
      var text = names.length ? names.join(", ") + (own ? ": " + own : "") : own;
      var input = control(field), label = field.querySelector(":scope > label");
      if (!input.id) input.id = "f" + (++idCounter);
      label.textContent = text;
      label.htmlFor = input.id;
      field.dataset.where = whereOf(field);
      var box = field.querySelector(":scope > .masalah");
      if (!box.id) box.id = "m" + (++idCounter);
      input.setAttribute("aria-describedby", box.id);
    });
    form.querySelectorAll("fieldset[data-list], fieldset[data-map], fieldset[data-branches]").forEach(function (set) {
      set.dataset.where = whereOf(set);
    });
    form.querySelectorAll("fieldset[data-branches]").forEach(function (set) {
      var step = chain(set).join(", ").toLowerCase();
      set.querySelector(":scope > [data-add-branch]").setAttribute("aria-label", "Tambah cabang " + step);
      set.querySelectorAll(":scope > ol > li").forEach(function (li, i) {
        var name = li.querySelector("input.cabang-nama[type=text]");
        if (name) name.setAttribute("aria-label", chain(set).join(", ") + ": Nama cabang " + (i + 1));
      });
    });
    form.querySelectorAll("li[data-item]").forEach(function (li) {
      var list = listOf(li), n = items(list).indexOf(li) + 1;
      var outer = chain(li);
      var prefix = outer.length ? outer.join(", ") + ", " : "";
      var legend = li.querySelector(":scope > fieldset > legend");
      if (legend) {
        legend.textContent = list.dataset.itemLabel + " " + n;
        legend.parentElement.dataset.where = whereOf(li);  // a problem of the whole row
      }
      li.querySelectorAll(":scope > .alat > button").forEach(function (b) {
        var verb = b.hasAttribute("data-up") ? "Naikkan " : "Hapus ";
        b.setAttribute("aria-label", verb + prefix + b.dataset.noun + " " + n);
        b.title = verb + b.dataset.noun + " " + n;
      });
    });
    refreshChoices();
  }

  function fill(select, options, chosen) {
    var signature = JSON.stringify([options, chosen]);
    if (select.dataset.sig === signature) return;
    select.dataset.sig = signature;
    select.textContent = "";
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      opt.selected = chosen.indexOf(o[0]) >= 0;
      select.appendChild(opt);
    });
  }
  function chosenOf(select) {
    if (select.dataset.value === undefined) return [];
    return select.dataset.value ? select.dataset.value.split(" ") : [];
  }
  function refreshChoices() {
    var actorList = topList("pelaksana"), stepList = topList("kegiatan");
    if (actorList) {
      var actors = items(actorList).map(function (li) {
        return [li.dataset.uid, li.querySelector("input").value || "(tanpa nama)"];
      });
      form.querySelectorAll("select[data-actor]").forEach(function (select) {
        var chosen = chosenOf(select), options = [["", "(pilih pelaksana)"]].concat(actors);
        chosen.forEach(function (v) {
          if (!options.some(function (o) { return o[0] === v; })) {
            options.push([v, v.indexOf("raw:") === 0 ? v.slice(4) + " (bukan pelaksana SOP ini)" : "(pelaksana yang dihapus)"]);
          }
        });
        fill(select, options, chosen);
      });
    }
    if (stepList) {
      var steps = items(stepList);
      var names = steps.map(function (li, i) {
        var text = li.querySelector('[data-key="uraian"]').value;
        if (text.length > 60) text = text.slice(0, 60) + "…";
        return [li.dataset.uid, "Langkah " + (i + 1) + (text ? ": " + text : "")];
      });
      steps.forEach(function (li) {
        li.querySelectorAll("select[data-target]").forEach(function (select) {
          var chosen = chosenOf(select);
          var none = {tidak: "(bukan keputusan)", cabang: "(tidak dipakai)"}[select.dataset.kind] || "(langkah berikutnya)";
          var options = [["", none]].concat(names.filter(function (o) { return o[0] !== li.dataset.uid; }));
          chosen.forEach(function (v) {
            if (v && !options.some(function (o) { return o[0] === v; })) {
              options.push([v, v.indexOf("raw:") === 0 ? v.slice(4) : "(langkah yang dihapus)"]);
            }
          });
          fill(select, options, chosen);
        });
      });
    }
  }

  function stepRef(uid) {
    if (uid.indexOf("raw:") === 0) return uid.slice(4);
    var steps = items(topList("kegiatan"));
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].dataset.uid === uid) {
        var label = steps[i].querySelector('input[data-key="id"]');
        return label && label.value ? label.value : String(i + 1);
      }
    }
    return REMOVED;
  }
  function actorName(uid) {
    if (uid.indexOf("raw:") === 0) return uid.slice(4);
    var row = items(topList("pelaksana")).filter(function (li) { return li.dataset.uid === uid; })[0];
    return row ? row.querySelector("input").value.trim() : "";
  }
  function readValue(el) {
    var value;
    if (el.matches("select[data-target]")) value = el.value ? stepRef(el.value) : "";
    else if (el.matches("select[data-actor]")) {
      var names = Array.prototype.filter.call(el.options, function (o) { return o.selected && o.value; })
        .map(function (o) { return actorName(o.value); });
      if (el.multiple && names.length > 1) return names;
      value = names[0] || "";
    } else if (el.matches("input[data-link]") && el.dataset.sop) return {sop: el.dataset.sop};
    else if (el.tagName === "TEXTAREA") value = el.value.trim() ? el.value : "";  // Markdown keeps its lines
    else value = el.value.trim();
    if (value !== "") return value;
    return {text: "", "null": null}[el.dataset.empty];
  }
  function isEmpty(v) { return v === undefined || v === null || v === ""; }
  function walk(node, obj) {
    Array.prototype.forEach.call(node.children, function (child) {
      var v;
      if (child.tagName === "TEMPLATE") return;
      if (child.matches("[data-branches]")) {
        v = readBranches(child);
        if (v) obj[child.dataset.branches] = v;
      } else if (child.matches("[data-list]")) {
        v = readList(child);
        if (v !== undefined) obj[child.dataset.list] = v;
      } else if (child.matches("[data-map]")) {
        var sub = {};
        walk(child, sub);
        if (Object.keys(sub).some(function (k) { return !isEmpty(sub[k]); })) obj[child.dataset.map] = sub;
      } else if (child.matches("[data-key]")) {
        v = readValue(child);
        if (v !== undefined) obj[child.dataset.key] = v;
      } else walk(child, obj);
    });
  }
  /* A decision: each exit with a target, under its name (as the file wrote it). */
  function readBranches(set) {
    var out = {}, any = false;
    set.querySelectorAll(":scope > ol.cabang > li").forEach(function (li) {
      var select = li.querySelector("select[data-target]");
      if (!select.value) return;
      out[li.querySelector(".cabang-nama").value.trim()] = stepRef(select.value);
      any = true;
    });
    return any ? out : undefined;
  }
  function readList(list) {
    var out = [];
    items(list).forEach(function (li) {
      if (li.dataset.item === "map") {
        var obj = {};
        walk(li, obj);
        if (li.dataset.origin !== undefined) obj.__asal = Number(li.dataset.origin);
        out.push(obj);
      } else {
        var v = readValue(li.querySelector("[data-key]"));
        if (!isEmpty(v)) out.push(v);
      }
    });
    if (!out.length && list.dataset.empty === "omit") return undefined;
    return out;
  }
  function collect() { var data = {}; walk(form, data); return data; }

  window.Sunting = {
    items: items, chain: chain, control: control, renumber: renumber,
    refreshChoices: refreshChoices, collect: collect
  };
})();

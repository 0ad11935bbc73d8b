/* The website's two behaviours, in plain JavaScript with no outside requests. Without JavaScript
   every page still shows everything: the search box stays hidden and the whole list shows. */
(function () {
  "use strict";

  /* Case and accents do not matter: "Pengukuran", "pengukuran" and "péngukuran" match alike. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The index: keep the SOPs whose number, name or actors contain every word typed. */
  function setUpSearch() {
    var box = document.querySelector(".cari");
    var input = document.getElementById("cari-sop");
    var status = document.getElementById("hasil-cari");
    if (!box || !input) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.sop-item"));
    var texts = rows.map(function (row) { return fold(row.getAttribute("data-cari") || ""); });
    function filter() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length
        ? (shown ? shown + " dari " + rows.length + " SOP cocok" : "Tidak ada SOP yang cocok")
        : "";
    }
    input.addEventListener("input", filter);
    box.hidden = false;
    filter(); /* the browser may have kept a query when the reader comes back */
  }

  /* An SOP page: pointing at or tapping a symbol lights up its row, and the reverse. */
  function setUpHighlight() {
    if (!document.querySelector("svg.flowchart g.step")) return;
    var current = null;
    function parts(step) {
      return document.querySelectorAll(
        'g.step[data-step="' + step + '"], tr.langkah[data-step="' + step + '"]'
      );
    }
    function mark(step) {
      if (step === current) return;
      if (current !== null) parts(current).forEach(function (el) { el.classList.remove("aktif"); });
      current = step;
      if (step !== null) parts(step).forEach(function (el) { el.classList.add("aktif"); });
    }
    function stepAt(target) {
      if (!target || !target.closest) return null;
      var symbol = target.closest("g.step");
      if (symbol) return symbol.getAttribute("data-step");
      /* The flowchart cell spans all rows of its page: only its symbols name a step. */
      if (target.closest(".flowchart-cell")) return null;
      var row = target.closest("tr.langkah");
      return row ? row.getAttribute("data-step") : null;
    }
    document.addEventListener("mouseover", function (e) { mark(stepAt(e.target)); });
    document.addEventListener("click", function (e) { mark(stepAt(e.target)); });
    document.addEventListener("focusin", function (e) { mark(stepAt(e.target)); });
  }

  setUpSearch();
  setUpHighlight();
})();

// Small behaviours that keep templates free of inline script (the CSP forbids it).
(function () {
  "use strict";

  // <select data-autosubmit> submits its form when changed (the language switch).
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });

  // The skip link moves keyboard focus into the main landmark, not only the scroll position.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".skip-link");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView();
    }
  });
})();

// Search-select widgets (core/widgets.py): type, then choose one of the first matches from the API.
(function () {
  "use strict";

  function label(row, fields) {
    return fields
      .map(function (f) { return row[f]; })
      .filter(function (v) { return v !== null && v !== undefined && v !== ""; })
      .join(" · ");
  }

  function setUp(box) {
    var input = box.querySelector("input[type=search]");
    var list = box.querySelector(".search-select-results");
    var select = box.querySelector("select");
    var fields = (box.dataset.labelFields || "name").split(",");
    var multiple = box.hasAttribute("data-multiple");
    var timer = null;
    var seq = 0;

    function choose(row) {
      var value = String(row.id);
      if (!multiple) {
        select.innerHTML = "";
      }
      var existing = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
      if (existing) {
        existing.selected = true;
      } else {
        var option = new Option(label(row, fields), value, true, true);
        select.add(option);
      }
      if (multiple) {
        select.size = Math.min(Math.max(select.options.length, 2), 6);
      }
      list.innerHTML = "";
      input.value = "";
      input.focus();
    }

    function show(rows) {
      list.innerHTML = "";
      rows.forEach(function (row) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "list-group-item list-group-item-action";
        button.setAttribute("role", "option");
        button.textContent = label(row, fields);
        button.addEventListener("click", function () { choose(row); });
        item.appendChild(button);
        list.appendChild(item);
      });
      if (!rows.length && input.value.trim()) {
        var none = document.createElement("li");
        none.className = "list-group-item text-muted small";
        none.textContent = box.dataset.noneText || "—";
        list.appendChild(none);
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) {
        list.innerHTML = "";
        return;
      }
      timer = setTimeout(function () {
        var mine = ++seq;
        var url = box.dataset.searchUrl + (box.dataset.searchUrl.indexOf("?") < 0 ? "?" : "&") +
          "page_size=10&q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            if (mine === seq) {
              show(Array.isArray(data) ? data : data.results || []);
            }
          });
      }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // choosing is explicit: Enter never submits the form from the search box
      }
    });
  }

  document.querySelectorAll("[data-search-select]").forEach(setUp);
  document.addEventListener("htmx:afterSwap", function (event) {
    event.target.querySelectorAll("[data-search-select]").forEach(setUp);
  });
})();

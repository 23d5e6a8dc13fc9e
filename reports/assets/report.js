/* reform report bundle: draws each page's charts and makes the ranking tables sortable
   and filterable. Shared by every page of a bundle; uses no network. */
(function () {
  "use strict";

  var lang = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var charts = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function formatValue(v) {
    return typeof v === "number" ? number.format(v) : v;
  }

  // A heatmap cell: row name, column name and value; names come from the data, so escaped.
  function heatmapTip(option) {
    var x = option.xAxis[0].data, y = option.yAxis[0].data;
    return function (p) {
      return esc(y[p.value[1]]) + "<br>" + esc(x[p.value[0]]) + ": <b>" + esc(formatValue(p.value[2])) + "</b>";
    };
  }

  // reform.charts draws [{id, option}] with ECharts; charts follow the page width.
  function drawCharts(list) {
    list.forEach(function (c) {
      var el = document.getElementById(c.id);
      var option = c.option;
      option.tooltip = option.tooltip || {};
      option.tooltip.valueFormatter = formatValue;
      if (option.series && option.series[0] && option.series[0].type === "heatmap") {
        option.tooltip.formatter = heatmapTip(option);
      }
      // A time axis labels its ends too, which may overlap the labels next to them.
      (option.xAxis || []).forEach(function (axis) {
        if (axis.type === "time") {
          axis.axisLabel = axis.axisLabel || {};
          axis.axisLabel.hideOverlap = true;
        }
      });
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      charts.push(chart);
    });
  }

  function resize() {
    charts.forEach(function (c) { c.resize(); });
  }
  window.addEventListener("resize", resize);
  // Redraw at the paper's width when printing, and back after.
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) {
      print.addEventListener("change", resize);
    }
  }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);

  // fold matches names typed without diacritics: the same rule as fold in reports/text.go.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Sorting: every cell carries its sort key in data-v (a number; empty sorts last either
  // way); ties keep the original (ranking) order.
  function sortable(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.setAttribute("data-i", i); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var dir;
        if (current === "ascending") {
          dir = -1;
        } else if (current === "descending") {
          dir = 1;
        } else {
          dir = button.hasAttribute("data-desc") ? -1 : 1;
        }
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        sortRows(body, col, dir);
      });
    });
  }

  function sortKey(row, col) {
    var v = row.cells[col] ? row.cells[col].getAttribute("data-v") : null;
    return v === null || v === "" ? null : parseFloat(v);
  }

  function sortRows(body, col, dir) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a, col), y = sortKey(b, col);
      var order = a.getAttribute("data-i") - b.getAttribute("data-i");
      if (x === null || y === null) {
        return x === y ? order : (x === null ? 1 : -1);
      }
      return (x - y) * dir || order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // Filtering the ranking by name (diacritics optional), band and pre-2025 district. The
  // status line and the page header (printed too) say which filters are on.
  function filterable(table) {
    var name = document.getElementById("filter-name");
    var band = document.getElementById("filter-band");
    var district = document.getElementById("filter-district");
    var status = document.getElementById("filter-status");
    var active = document.getElementById("active-filters");
    if (!name || !status) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function selected(select) {
      return select && select.value ? select.options[select.selectedIndex].text : "";
    }

    function apply() {
      var words = fold(name.value).split(" ").filter(Boolean);
      var b = band ? band.value : "", d = district ? district.value : "";
      var shown = 0;
      rows.forEach(function (r) {
        var key = r.getAttribute("data-k") || "";
        var ok = words.every(function (w) { return key.indexOf(w) >= 0; }) &&
          (!b || r.getAttribute("data-b") === b) &&
          (!d || (r.getAttribute("data-d") || "").indexOf("|" + d + "|") >= 0);
        r.hidden = !ok;
        if (ok) {
          shown++;
        }
      });
      var text = shown === 0 ? status.getAttribute("data-none") :
        status.getAttribute("data-shown").replace("{n}", number.format(shown)).replace("{total}", number.format(rows.length));
      status.textContent = text;
      if (active) {
        var parts = [];
        if (words.length) {
          parts.push(status.getAttribute("data-query").replace("%s", name.value.trim()));
        }
        [band, district].forEach(function (s) {
          if (selected(s)) {
            parts.push(s.getAttribute("aria-label") + ": " + selected(s));
          }
        });
        active.textContent = parts.length ? parts.join(" · ") + " (" + number.format(shown) + "/" + number.format(rows.length) + ")" : status.getAttribute("data-all");
      }
    }
    [name, band, district].forEach(function (el) {
      if (el) {
        el.addEventListener("input", apply);
        el.addEventListener("change", apply);
      }
    });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (t) {
    sortable(t);
    if (t.id === "ranking-table") {
      filterable(t);
    }
  });

  window.reform = { charts: drawCharts, fold: fold };
}());

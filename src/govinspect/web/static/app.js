// govinspect platform: CSRF header for HTMX requests, chart/table toggles, ECharts from the JSON API.
// Served as a static file: the pages' CSP allows no inline script.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (evt) {
    evt.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest("button.toggle");
    if (!btn) return;
    var table = document.getElementById(btn.getAttribute("data-toggle"));
    if (!table) return;
    var chart = btn.closest("figure").querySelector(".chart");
    var showTable = table.classList.contains("hidden");
    table.classList.toggle("hidden", !showTable);
    if (chart) chart.classList.toggle("hidden", showTable);
    btn.textContent = showTable ? "图表" : "表格";
  });

  var builders = {
    by_kind: function (d) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 120, right: 30, top: 20, bottom: 30 },
        xAxis: { type: "value", max: 100, name: "合格率%" },
        yAxis: { type: "category", data: d.by_kind.map(function (g) { return g.group; }) },
        series: [{ type: "bar", name: "合格率", data: d.by_kind.map(function (g) { return g.rate; }),
                   label: { show: true, position: "right", formatter: "{c}%" } }]
      };
    },
    vetoes: function (d) {
      return {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"],
                   data: d.vetoes.map(function (v) { return { name: v.name, value: v.count }; }),
                   label: { formatter: "{b}：{c}" } }]
      };
    },
    trend: function (d) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 30, top: 20, bottom: 30 },
        xAxis: { type: "category", data: d.trend.map(function (t) { return t.round; }) },
        yAxis: { type: "value", max: 100, name: "合格率%" },
        series: [{ type: "line", name: "合格率", data: d.trend.map(function (t) { return t.rate; }),
                   label: { show: true, formatter: "{c}%" } }]
      };
    },
    units: function (d) {
      var units = d.units.slice(0, 20).reverse();
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 160, right: 40, top: 20, bottom: 30 },
        xAxis: { type: "value", max: 100, name: "合格率%" },
        yAxis: { type: "category", data: units.map(function (u) { return u.unit; }) },
        series: [{ type: "bar", name: "合格率", data: units.map(function (u) { return u.rate; }) }]
      };
    }
  };

  function drawCharts() {
    var boxes = document.querySelectorAll(".chart[data-chart]");
    if (!boxes.length || typeof echarts === "undefined") return;
    var cache = {};
    boxes.forEach(function (box) {
      var src = box.getAttribute("data-src");
      cache[src] = cache[src] || fetch(src, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
      cache[src].then(function (data) {
        var build = builders[box.getAttribute("data-chart")];
        var chart = echarts.init(box, null, { renderer: "canvas" });
        chart.setOption(build(data));
        box.setAttribute("data-drawn", "1");
        window.addEventListener("resize", function () { chart.resize(); });
      }).catch(function () {
        box.textContent = "图表数据加载失败，请查看表格。";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", drawCharts);
})();

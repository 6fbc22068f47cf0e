// The leaders' dashboard: figures from the aggregate tables (one JSON request), drawn with the vendored
// ECharts. No inline script (CSP); labels come from data-* attributes so they follow the language.
(function () {
  "use strict";
  var root = document.getElementById("stats-dashboard");
  if (!root || typeof echarts === "undefined") { return; }
  var label = function (name) { return root.getAttribute("data-label-" + name) || name; };
  var charts = [];
  var make = function (id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var chart = echarts.init(element);
    charts.push(chart);
    return chart;
  };
  var cell = function (row, text, right) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "—" : String(text);
    if (right) { td.className = "text-end"; }
    row.appendChild(td);
  };
  fetch(root.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var trend = make("chart-trend");
      if (trend) {
        trend.setOption({
          tooltip: { trigger: "axis" },
          legend: { type: "scroll" },
          grid: { left: 40, right: 40, bottom: 30, containLabel: true },
          xAxis: { type: "category", data: data.months },
          yAxis: [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
          series: [
            { name: label("opened"), type: "bar", data: data.trend["cases.opened"] },
            { name: label("closed"), type: "bar", data: data.trend["cases.closed"] },
            { name: label("requests"), type: "line", data: data.trend.requests },
            { name: label("contacts"), type: "line", data: data.trend.contacts },
            { name: label("ontime"), type: "line", yAxisIndex: 1, data: data.trend.on_time_rate }
          ]
        });
      }
      var split = make("chart-721");
      if (split) {
        split.setOption({
          tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
          series: [{
            type: "pie", radius: ["35%", "65%"],
            data: [
              { name: label("service"), value: data.split_721.service },
              { name: label("management"), value: data.split_721.management },
              { name: label("enforcement"), value: data.split_721.enforcement }
            ]
          }]
        });
      }
      var map = make("chart-map");
      if (map) {
        map.setOption({
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var d = p.data.raw;
              return echarts.format.encodeHTML(d.grid) + "<br>" + label("contacts") + ": " + d.contacts +
                "<br>" + label("requests") + ": " + d.requests;
            }
          },
          xAxis: { type: "value", scale: true, name: "lng" },
          yAxis: { type: "value", scale: true, name: "lat" },
          series: [{
            type: "scatter",
            data: data.map.map(function (p) {
              return { value: [p.lng, p.lat, p.contacts + p.requests], raw: p };
            }),
            symbolSize: function (v) { return Math.max(6, Math.min(40, Math.sqrt(v[2]) * 2)); },
            itemStyle: { color: "#dc3545", opacity: 0.65 }
          }]
        });
      }
      var ranking = make("chart-ranking");
      if (ranking) {
        var top = data.ranking.slice(0, 12).reverse();
        ranking.setOption({
          tooltip: { trigger: "axis" },
          grid: { left: 10, right: 20, containLabel: true },
          xAxis: { type: "value" },
          yAxis: { type: "category", data: top.map(function (r) { return r.unit; }) },
          series: [{ name: label("closedcount"), type: "bar", data: top.map(function (r) { return r.closed; }) }]
        });
      }
      var channels = make("chart-channels");
      if (channels) {
        channels.setOption({
          tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
          series: [{ type: "pie", radius: "60%", data: data.channels.map(function (c) { return { name: c.channel, value: c.count }; }) }]
        });
      }
      var overdue = document.getElementById("overdue-body");
      data.overdue.forEach(function (r) {
        var row = document.createElement("tr");
        cell(row, r.unit); cell(row, r.requests, true); cell(row, r.deadlines, true);
        overdue.appendChild(row);
      });
      var rankingBody = document.getElementById("ranking-body");
      data.ranking.forEach(function (r) {
        var row = document.createElement("tr");
        cell(row, r.unit); cell(row, r.closed, true); cell(row, r.on_time_rate, true); cell(row, r.satisfaction_rate, true);
        rankingBody.appendChild(row);
      });
    });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

// Contacts and vending points over the bureau's grids, with the vendored ECharts (no tiles, no internet).
(function () {
  "use strict";
  var element = document.getElementById("parties-map");
  if (!element || typeof echarts === "undefined") { return; }
  var chart = echarts.init(element);
  var colours = { persuade: "#198754", educate: "#20c997", guide: "#0dcaf0", warn: "#ffc107" };

  fetch(element.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      echarts.registerMap("sunshine-grids", data.geojson);
      var series = [];
      Object.keys(data.steps).forEach(function (step) {
        if (step === "penalize") { return; }
        series.push({
          name: data.steps[step],
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 7,
          itemStyle: { color: colours[step] },
          data: data.contacts.filter(function (c) { return c.step === step; })
        });
      });
      series.push({
        name: data.labels.points,
        type: "scatter",
        coordinateSystem: "geo",
        symbol: "pin",
        symbolSize: 22,
        itemStyle: { color: "#0b5394" },
        data: data.points
      });
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var d = p.data || {};
            if (d.capacity !== undefined) {
              return echarts.format.encodeHTML(d.name) + "<br>" + d.occupied + "/" + d.capacity + " " + echarts.format.encodeHTML(data.labels.occupied);
            }
            if (d.step) {
              return echarts.format.encodeHTML(d.name) + "<br>" + echarts.format.encodeHTML(d.matter) + "<br>" + d.time;
            }
            return echarts.format.encodeHTML(p.name || "");
          }
        },
        legend: { bottom: 0, type: "scroll" },
        geo: {
          map: "sunshine-grids",
          roam: true,
          label: { show: true, fontSize: 10, color: "#495057" },
          itemStyle: { areaColor: "#f1f5fb", borderColor: "#0b5394" },
          emphasis: { itemStyle: { areaColor: "#dbe7f6" } }
        },
        series: series
      });
      chart.on("click", function (p) {
        if (p.data && p.data.url) { window.location.href = p.data.url; }
      });
    });
  window.addEventListener("resize", function () { chart.resize(); });
})();

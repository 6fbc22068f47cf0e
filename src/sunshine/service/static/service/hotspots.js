// Requests of the period as points over the bureau's grids, with the vendored ECharts (no tiles).
(function () {
  "use strict";
  var element = document.getElementById("service-hotspots");
  if (!element || typeof echarts === "undefined") { return; }
  var chart = echarts.init(element);
  fetch(element.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      echarts.registerMap("service-grids", data.geojson);
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return echarts.format.encodeHTML(p.name || ""); } },
        geo: {
          map: "service-grids",
          roam: true,
          label: { show: true, fontSize: 10, color: "#495057" },
          itemStyle: { areaColor: "#f1f5fb", borderColor: "#0b5394" }
        },
        series: [{ type: "scatter", coordinateSystem: "geo", symbolSize: 6, itemStyle: { color: "#dc3545", opacity: 0.6 }, data: data.points }]
      });
    });
  window.addEventListener("resize", function () { chart.resize(); });
})();

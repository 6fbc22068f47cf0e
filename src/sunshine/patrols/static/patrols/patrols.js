// Patrol pages: the track recorder (Geolocation API → the points API), the track chart, the coverage chart.
(function () {
  "use strict";

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the recorder: positions are buffered and sent every 30 s (and when the page is hidden) ----------
  var recorder = document.getElementById("recorder");
  if (recorder && navigator.geolocation) {
    var status = document.getElementById("recorder-status");
    var counter = document.getElementById("patrol-points");
    var buffer = [];
    var sending = false;
    var lastAt = 0;
    var send = function () {
      if (sending || !buffer.length) {
        return Promise.resolve();
      }
      sending = true;
      var batch = buffer.splice(0, buffer.length);
      return fetch(recorder.dataset.pointsUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
        body: JSON.stringify({ points: batch })
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          counter.textContent = result.data.point_count;
          status.textContent = status.dataset.okText || status.textContent;
        } else {
          status.textContent = (result.data.error && result.data.error.message) || String(result.data);
        }
      }).catch(function () {
        buffer = batch.concat(buffer);  // offline: keep the points and try again
      }).finally(function () { sending = false; });
    };
    navigator.geolocation.watchPosition(function (pos) {
      if (pos.timestamp <= lastAt) {
        return;
      }
      lastAt = pos.timestamp;
      buffer.push({
        at: new Date(pos.timestamp).toISOString(),
        lng: pos.coords.longitude,
        lat: pos.coords.latitude,
        accuracy: pos.coords.accuracy
      });
    }, function (error) {
      status.textContent = error.message;
    }, { enableHighAccuracy: true, maximumAge: 10000 });
    setInterval(send, 30000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        send();
      }
    });
    // Ending the patrol: send what is still buffered first, then end (the page is left right after).
    var end = document.getElementById("patrol-end");
    if (end) {
      end.form.addEventListener("submit", function (event) {
        if (!buffer.length || end.form.dataset.flushed) {
          return;
        }
        event.preventDefault();
        end.form.dataset.flushed = "1";
        end.disabled = true;
        var wait = sending ? new Promise(function (resolve) { setTimeout(resolve, 1500); }) : Promise.resolve();
        wait.then(send).then(function () { end.form.submit(); }, function () { end.form.submit(); });
      });
    }
  }

  // --- a finding's place: filled from the phone's position when the form is sent ----------------------
  document.querySelectorAll("form[data-geolocate]").forEach(function (form) {
    if (!navigator.geolocation) {
      return;
    }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lng = form.querySelector("input[name=lng]");
      var lat = form.querySelector("input[name=lat]");
      if (lng && lat) {
        lng.value = pos.coords.longitude.toFixed(6);
        lat.value = pos.coords.latitude.toFixed(6);
      }
    });
  });

  if (typeof echarts === "undefined") {
    return;
  }

  // --- the track over the grids it crossed ------------------------------------------------------------
  var trackData = document.getElementById("patrol-track");
  var trackBox = document.getElementById("patrol-map");
  if (trackData && trackBox) {
    var track = JSON.parse(trackData.textContent);
    var series = track.grids.map(function (grid) {
      return {
        type: "line", name: grid.code, data: grid.polygon.coordinates[0], symbol: "none",
        lineStyle: { type: "dashed", width: 1 }, areaStyle: { opacity: 0.05 }
      };
    });
    series.push({ type: "line", name: "track", data: track.points, symbolSize: 4, lineStyle: { width: 3 } });
    echarts.init(trackBox).setOption({
      animation: false,
      grid: { left: 50, right: 10, top: 10, bottom: 40 },
      xAxis: { type: "value", scale: true, name: "lng" },
      yAxis: { type: "value", scale: true, name: "lat" },
      tooltip: { trigger: "item" },
      series: series
    });
  }

  // --- the grids of the day, green when covered, red when not (polygons drawn by a custom series) ------
  var gridData = document.getElementById("coverage-grids");
  var mapBox = document.getElementById("coverage-map");
  if (gridData && mapBox) {
    var cells = JSON.parse(gridData.textContent).filter(function (cell) { return cell.ring.length; });
    var lngs = [], lats = [];
    cells.forEach(function (cell) {
      cell.ring.forEach(function (c) { lngs.push(c[0]); lats.push(c[1]); });
    });
    if (cells.length) {
      echarts.init(mapBox).setOption({
        animation: false,
        grid: { left: 60, right: 10, top: 10, bottom: 40 },
        xAxis: { type: "value", name: "lng", min: Math.min.apply(null, lngs), max: Math.max.apply(null, lngs) },
        yAxis: { type: "value", name: "lat", min: Math.min.apply(null, lats), max: Math.max.apply(null, lats) },
        tooltip: {
          trigger: "item",
          formatter: function (p) { var c = cells[p.dataIndex]; return c.code + " " + c.name + " · " + c.patrols; }
        },
        series: [{
          type: "custom",
          data: cells.map(function (cell) { return cell.ring[0]; }),
          renderItem: function (params, api) {
            var cell = cells[params.dataIndex];
            return {
              type: "polygon",
              shape: { points: cell.ring.map(function (c) { return api.coord(c); }) },
              style: { fill: cell.covered ? "rgba(25, 135, 84, 0.45)" : "rgba(220, 53, 69, 0.45)", stroke: "#666" }
            };
          }
        }]
      });
    }
  }

  // --- coverage per day ----------------------------------------------------------------------------------
  var trendData = document.getElementById("coverage-trend");
  var trendBox = document.getElementById("coverage-chart");
  if (trendData && trendBox) {
    var trend = JSON.parse(trendData.textContent);
    echarts.init(trendBox).setOption({
      animation: false,
      grid: { left: 40, right: 10, top: 20, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: trend.days.map(function (d) { return d.slice(5); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { type: "bar", data: trend.covered, name: "covered" },
        { type: "line", data: trend.total, name: "grids", symbol: "none", lineStyle: { type: "dashed" } }
      ]
    });
  }
})();

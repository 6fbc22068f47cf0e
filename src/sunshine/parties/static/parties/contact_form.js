// The contact form: fill longitude and latitude from the phone's location (the CSP forbids inline script).
(function () {
  "use strict";
  var form = document.getElementById("contact-form");
  if (!form) { return; }
  var lng = document.getElementById("id_lng");
  var lat = document.getElementById("id_lat");
  var status = document.getElementById("geo-status");
  var button = document.getElementById("geo-locate");

  function say(key, value) {
    if (!status) { return; }
    var text = status.getAttribute("data-" + key) || "";
    status.textContent = value === undefined ? text : text.replace("{m}", value);
  }

  function locate() {
    if (!("geolocation" in navigator)) { say("failed"); return; }
    say("locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      lng.value = position.coords.longitude.toFixed(6);
      lat.value = position.coords.latitude.toFixed(6);
      say("located", Math.round(position.coords.accuracy));
    }, function () { say("failed"); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  if (button) { button.addEventListener("click", locate); }
  if (lng && lat && !lng.value && !lat.value) { locate(); }
})();

// Signature pad: the party signs on the tablet's canvas with a finger or a stylus; the drawing is posted as
// a PNG data URL in the hidden input named by the canvas's data-target. No inline script (CSP).
(function () {
  "use strict";

  function setup(canvas) {
    var target = document.getElementById(canvas.dataset.target);
    if (!target) { return; }
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#14206e";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height)
      };
    }
    function start(event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      event.preventDefault();
    }
    function move(event) {
      if (!drawing) { return; }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      drawn = true;
      event.preventDefault();
    }
    function end() {
      if (!drawing) { return; }
      drawing = false;
      target.value = drawn ? canvas.toDataURL("image/png") : "";
    }
    canvas.addEventListener("pointerdown", start);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    var clear = document.querySelector('[data-signature-clear="' + canvas.dataset.target + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        target.value = "";
      });
    }
  }

  document.querySelectorAll("canvas.signature-pad").forEach(setup);
})();

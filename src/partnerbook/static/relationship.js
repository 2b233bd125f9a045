/* Charts on a supplier's Relationship tab: health over time and the trust balance. The data
   comes from a json_script element; after an htmx swap (quick entry) they are drawn again. */
(function () {
  "use strict";
  var charts = [];

  function line(canvasId, points, label, colour, range) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || !points || points.length < 2) { return; }
    charts.push(new window.Chart(canvas, {
      type: "line",
      data: {
        labels: points.map(function (p) { return p.x; }),
        datasets: [{ label: label, data: points.map(function (p) { return p.y; }), borderColor: colour,
                     backgroundColor: colour, pointRadius: 2, stepped: range ? false : "after", tension: 0 }],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: range ? { min: range[0], max: range[1] } : {}, x: { ticks: { maxTicksLimit: 8 } } },
        plugins: { legend: { display: false } },
      },
    }));
  }

  function draw() {
    var source = document.getElementById("relationship-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var data = JSON.parse(source.textContent);
    line("health-chart", data.health, gettext("Health"), "#1d4ed8", [0, 100]);
    line("trust-chart", data.trust, gettext("Trust balance"), "#166534", null);
  }

  document.addEventListener("htmx:afterSwap", draw);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

/* The concentration page's small HHI trend lines, drawn from the JSON the page carries
   (no inline scripts: the content security policy allows scripts from this site only). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("risk-trend-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas.risk-trend").forEach(function (canvas) {
      var series = data[canvas.dataset.category];
      if (!series) { return; }
      new Chart(canvas, {
        type: "line",
        data: {
          labels: series.labels,
          datasets: [{ data: series.values, borderColor: "#1565c0", borderWidth: 1.5,
                       pointRadius: 1.5, spanGaps: true, fill: false, tension: 0.2 }]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { display: false }, y: { display: false, min: 0, max: 10000 } }
        }
      });
    });
  });
})();

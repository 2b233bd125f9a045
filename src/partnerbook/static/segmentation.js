/* The alignment triangle on a supplier's Segmentation tab: a radar chart of the latest
   assessment, our side against theirs. The data comes from a json_script element. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("alignment-chart-data");
    var canvas = document.getElementById("alignment-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var side = function (label, values, colour, fill) {
      return {
        label: label,
        data: values,
        borderColor: colour,
        backgroundColor: fill,
        pointBackgroundColor: colour,
        borderWidth: 2,
      };
    };
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels,
        datasets: [
          side(gettext("Our side"), data.ours, "#1d4ed8", "rgba(29, 78, 216, 0.15)"),
          side(gettext("Their side"), data.theirs, "#c2410c", "rgba(194, 65, 12, 0.15)"),
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { r: { min: 0, max: 5, ticks: { stepSize: 1 }, pointLabels: { font: { size: 13 } } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

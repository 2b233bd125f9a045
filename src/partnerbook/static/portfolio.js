/* The portfolio page's value-risk matrix: a Chart.js bubble chart drawn from
   GET /api/v1/portfolio/matrix (the URL, with the page's filters, is in data-src). */
(function () {
  "use strict";

  var COLOURS = {
    strategic: "46, 125, 50",
    operational: "21, 101, 192",
    opportunistic: "230, 119, 0",
    avoid: "198, 40, 40",
  };
  var CORNERS = {
    strategic: ["left", "top"],
    opportunistic: ["right", "top"],
    operational: ["left", "bottom"],
    avoid: ["right", "bottom"],
  };

  // Picking a filter reloads the page with it.
  var form = document.getElementById("portfolio-filters");
  if (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }

  var box = document.getElementById("portfolio-chart");
  var status = document.getElementById("chart-status");
  if (!box || !status) return;
  if (typeof window.Chart === "undefined") {
    status.textContent = "The chart library did not load; the tables below hold the same figures.";
    return;
  }

  var number = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
  var score = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

  fetch(box.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || response.statusText);
        return body;
      });
    })
    .then(draw)
    .catch(function (error) {
      status.textContent = "The chart could not be loaded (" + error.message + "). The tables below hold the same figures.";
    });

  function radiusFor(spend, maxSpend, many) {
    var min = many ? 3 : 5;
    var max = many ? 16 : 26;
    if (spend === null || spend === undefined || !maxSpend) return min;
    return min + (max - min) * Math.sqrt(Math.max(spend, 0) / maxSpend);
  }

  function draw(data) {
    var suppliers = data.suppliers;
    var labels = {};
    data.quadrants.forEach(function (q) { labels[q.quadrant] = q.label; });
    var maxSpend = suppliers.reduce(function (m, s) { return s.spend ? Math.max(m, s.spend) : m; }, 0);
    var many = suppliers.length > 300;
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    var datasets = data.quadrants.map(function (q) {
      var rgb = COLOURS[q.quadrant];
      var points = suppliers
        .filter(function (s) { return s.quadrant === q.quadrant; })
        // Large bubbles first, so that small ones stay visible on top of them.
        .sort(function (a, b) { return (b.spend || 0) - (a.spend || 0); })
        .map(function (s) {
          return { x: s.risk, y: s.value, r: radiusFor(s.spend, maxSpend, many), supplier: s };
        });
      return {
        quadrant: q.quadrant,
        label: q.label + " (" + points.length + ")",
        data: points,
        clip: false,
        backgroundColor: points.map(function (p) {
          return "rgba(" + rgb + "," + (p.supplier.spend === null ? 0.08 : 0.55) + ")";
        }),
        borderColor: points.map(function (p) {
          return p.supplier.overridden ? "rgba(17, 24, 39, 0.95)" : "rgba(" + rgb + ", 0.95)";
        }),
        borderWidth: points.map(function (p) { return p.supplier.overridden ? 3 : 1.2; }),
        hoverBorderWidth: 3,
      };
    });

    var cutoffs = data.cutoffs;
    var quadrantPlugin = {
      id: "quadrants",
      beforeDatasetsDraw: function (chart) {
        var ctx = chart.ctx;
        var area = chart.chartArea;
        var x = chart.scales.x;
        var y = chart.scales.y;
        var cx = x.getPixelForValue(cutoffs.risk);
        var cy = y.getPixelForValue(cutoffs.value);
        ctx.save();
        // A faint tint per quadrant, then the dashed cut-off lines, then the names.
        var regions = {
          strategic: [area.left, area.top, cx - area.left, cy - area.top],
          opportunistic: [cx, area.top, area.right - cx, cy - area.top],
          operational: [area.left, cy, cx - area.left, area.bottom - cy],
          avoid: [cx, cy, area.right - cx, area.bottom - cy],
        };
        Object.keys(regions).forEach(function (key) {
          ctx.fillStyle = "rgba(" + COLOURS[key] + ", 0.05)";
          ctx.fillRect.apply(ctx, regions[key]);
        });
        ctx.setLineDash([6, 5]);
        ctx.lineWidth = 1.2;
        ctx.strokeStyle = "rgba(75, 85, 99, 0.8)";
        ctx.beginPath();
        ctx.moveTo(cx, area.top);
        ctx.lineTo(cx, area.bottom);
        ctx.moveTo(area.left, cy);
        ctx.lineTo(area.right, cy);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = "600 13px system-ui, sans-serif";
        Object.keys(CORNERS).forEach(function (key) {
          var side = CORNERS[key];
          ctx.fillStyle = "rgba(" + COLOURS[key] + ", 0.9)";
          ctx.textAlign = side[0];
          ctx.textBaseline = side[1];
          var tx = side[0] === "left" ? area.left + 8 : area.right - 8;
          var ty = side[1] === "top" ? area.top + 6 : area.bottom - 6;
          ctx.fillText(labels[key], tx, ty);
        });
        ctx.restore();
      },
    };

    function tooltipLines(s) {
      var lines = [
        "Value " + score.format(s.value) + " · Risk " + score.format(s.risk) +
          " · confidence " + Math.round(s.confidence * 100) + " %",
      ];
      if (s.spend !== null) {
        lines.push("Spend " + number.format(s.spend) + " " + data.reporting_currency);
      } else if (s.annual_spend !== null) {
        lines.push("Spend " + number.format(Number(s.annual_spend)) + " " + s.currency +
          " (no exchange rate)");
      } else {
        lines.push("Spend unknown");
      }
      var quadrant = labels[s.quadrant];
      if (s.overridden) {
        quadrant += " — overridden (computed " + labels[s.computed_quadrant] + ")";
      }
      lines.push("Quadrant: " + quadrant);
      if (s.model_mismatch) {
        lines.push("Model: chosen " + s.chosen_model + ", recommended " + s.recommended_model);
      }
      if (s.expectation_gap_flagged) lines.push("Open expectation gap");
      return lines;
    }

    var chart = new window.Chart(document.getElementById("portfolio-canvas"), {
      type: "bubble",
      data: { datasets: datasets },
      plugins: [quadrantPlugin],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: many || reduceMotion ? false : { duration: 300 },
        layout: { padding: 8 },
        scales: {
          x: {
            min: 0, max: 100,
            title: { display: true, text: "Risk to us (0–100) →" },
            ticks: { stepSize: 10 },
            grid: { color: "rgba(0, 0, 0, 0.04)" },
          },
          y: {
            min: 0, max: 100,
            title: { display: true, text: "Value to us (0–100) →" },
            ticks: { stepSize: 10 },
            grid: { color: "rgba(0, 0, 0, 0.04)" },
          },
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              boxWidth: 8,
              // One swatch per quadrant, whatever the first bubble in it looks like.
              generateLabels: function (c) {
                return c.data.datasets.map(function (d, i) {
                  return {
                    text: d.label,
                    fillStyle: "rgba(" + COLOURS[d.quadrant] + ", 0.55)",
                    strokeStyle: "rgb(" + COLOURS[d.quadrant] + ")",
                    fontColor: "#374151",
                    lineWidth: 1,
                    pointStyle: "circle",
                    hidden: !c.isDatasetVisible(i),
                    datasetIndex: i,
                  };
                });
              },
            },
          },
          tooltip: {
            callbacks: {
              title: function (items) { return items[0].raw.supplier.name; },
              label: function (item) { return tooltipLines(item.raw.supplier); },
              footer: function () { return "Click to open the supplier"; },
            },
          },
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var element = elements[0];
          var point = chart.data.datasets[element.datasetIndex].data[element.index];
          window.location.href = point.supplier.url;
        },
      },
    });

    var plotted = suppliers.length;
    var notPlaced = data.unplaced.length;
    status.textContent = plotted
      ? number.format(plotted) + " supplier" + (plotted === 1 ? "" : "s") + " plotted" +
        (notPlaced ? "; " + number.format(notPlaced) + " without scores are not shown." : ".")
      : "No supplier here has both a value and a risk score yet, so the chart is empty.";
  }
})();

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

  // The quadrants' names in the page's language (the API answers in English).
  var QUADRANT_NAMES = {
    strategic: gettext("Strategic"),
    operational: gettext("Operational"),
    opportunistic: gettext("Opportunistic"),
    avoid: gettext("Avoid"),
  };
  var LANGUAGE = document.documentElement.lang || "en";

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
    status.textContent = gettext("The chart library did not load; the tables below hold the same figures.");
    return;
  }

  var number = new Intl.NumberFormat(LANGUAGE, { maximumFractionDigits: 0 });
  var score = new Intl.NumberFormat(LANGUAGE, { maximumFractionDigits: 1 });

  fetch(box.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || response.statusText);
        return body;
      });
    })
    .then(draw)
    .catch(function (error) {
      status.textContent = interpolate(
        gettext("The chart could not be loaded (%(reason)s). The tables below hold the same figures."),
        { reason: error.message }, true);
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
    data.quadrants.forEach(function (q) { labels[q.quadrant] = QUADRANT_NAMES[q.quadrant] || q.label; });
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
        label: labels[q.quadrant] + " (" + points.length + ")",
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
        interpolate(gettext("Value %(value)s · Risk %(risk)s · confidence %(confidence)s"), {
          value: score.format(s.value),
          risk: score.format(s.risk),
          confidence: Math.round(s.confidence * 100),
        }, true) + " %",
      ];
      if (s.spend !== null) {
        lines.push(interpolate(gettext("Spend %(amount)s %(currency)s"),
          { amount: number.format(s.spend), currency: data.reporting_currency }, true));
      } else if (s.annual_spend !== null) {
        lines.push(interpolate(gettext("Spend %(amount)s %(currency)s (no exchange rate)"),
          { amount: number.format(Number(s.annual_spend)), currency: s.currency }, true));
      } else {
        lines.push(gettext("Spend unknown"));
      }
      var quadrant = labels[s.quadrant];
      if (s.overridden) {
        quadrant = interpolate(gettext("%(quadrant)s — overridden (computed %(computed)s)"),
          { quadrant: quadrant, computed: labels[s.computed_quadrant] }, true);
      }
      lines.push(interpolate(gettext("Quadrant: %(quadrant)s"), { quadrant: quadrant }, true));
      if (s.model_mismatch) {
        lines.push(interpolate(gettext("Model: chosen %(chosen)s, recommended %(recommended)s"),
          { chosen: s.chosen_model, recommended: s.recommended_model }, true));
      }
      if (s.expectation_gap_flagged) lines.push(gettext("Open expectation gap"));
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
            title: { display: true, text: gettext("Risk to us (0–100) →") },
            ticks: { stepSize: 10 },
            grid: { color: "rgba(0, 0, 0, 0.04)" },
          },
          y: {
            min: 0, max: 100,
            title: { display: true, text: gettext("Value to us (0–100) →") },
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
              footer: function () { return gettext("Click to open the supplier"); },
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
    var plottedText = interpolate(
      ngettext("%(count)s supplier plotted", "%(count)s suppliers plotted", plotted),
      { count: number.format(plotted) }, true);
    var unplacedText = interpolate(
      ngettext("%(count)s without scores is not shown.", "%(count)s without scores are not shown.", notPlaced),
      { count: number.format(notPlaced) }, true);
    status.textContent = plotted
      ? plottedText + (notPlaced ? "; " + unplacedText : ".")
      : gettext("No supplier here has both a value and a risk score yet, so the chart is empty.");
  }
})();

// Draws the requests/decisions chart with the vendored uPlot; the same figures are in the table below it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("chart");
  const source = document.getElementById("chart-data");
  if (!holder || !source || typeof uPlot === "undefined") return;
  const data = JSON.parse(source.textContent);
  const names = [["requests", "Requests", "#2456d6"], ["block", "Blocked", "#c62828"],
                 ["redact", "Redacted", "#a15c00"], ["repair", "Repaired", "#6a3fb5"],
                 ["annotate", "Annotated", "#0b6e8a"]];
  const series = [{}].concat(names.map(([, label, color]) => ({
    label, stroke: color, width: 2, fill: label === "Requests" ? "rgba(36,86,214,0.08)" : undefined,
    points: { show: false },
  })));
  const columns = [data.x].concat(names.map(([key]) => data.series[key]));
  const opts = {
    width: holder.clientWidth || 900, height: 260, series,
    scales: { x: { time: true } },
    axes: [{}, { label: "requests per interval" }],
  };
  const plot = new uPlot(opts, columns, holder);
  window.addEventListener("resize", () => plot.setSize({ width: holder.clientWidth, height: 260 }));
});

// Draws requests and decisions per interval as stacked bars (counts per bucket, not a ramp between
// them) with the vendored uPlot; the same figures are in the table below it. A click on a bar opens
// the audit log for that interval (the table's rows link there too, without script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("chart");
  const source = document.getElementById("chart-data");
  if (!holder || !source || typeof uPlot === "undefined") return;
  const data = JSON.parse(source.textContent);
  // Drawn back to front: the total first, then each decision stacked on the ones after it,
  // so every bar shows its decisions as segments and the rest (allowed) in the total's colour.
  const layers = [["requests", "Requests", "#9db4ef"], ["annotate", "Annotated", "#0b6e8a"],
                  ["repair", "Repaired", "#6a3fb5"], ["redact", "Redacted", "#a15c00"], ["block", "Blocked", "#c62828"]];
  const raw = layers.map(([key]) => data.series[key]);
  const stacked = layers.map(([key], i) => key === "requests" ? raw[0]
    : data.x.map((_, b) => raw.slice(i).reduce((sum, s) => sum + s[b], 0)));
  const bars = uPlot.paths.bars({ size: [0.8, 64] });
  // Times in the viewer's zone (Preferences; UTC by default), 24-hour, like every time on these pages.
  const zone = holder.dataset.tz || "UTC";
  const parts = (t) => {
    const fields = {};
    const format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    for (const p of format.formatToParts(new Date(t * 1000))) fields[p.type] = p.value;
    return { day: `${fields.month}-${fields.day}`, date: `${fields.year}-${fields.month}-${fields.day}`,
             time: `${fields.hour}:${fields.minute}` };
  };
  const series = [{ value: (u, t) => { if (t == null) return ""; const p = parts(t); return `${p.date} ${p.time} ${zone}`; } }]
    .concat(layers.map(([, label, color], i) => ({
      label, stroke: color, fill: color, width: 0, paths: bars, points: { show: false },
      value: (u, v, si, idx) => idx == null ? "" : String(raw[i][idx]),  // the legend shows counts, not stack heights
    })));
  const opts = {
    width: holder.clientWidth || 900, height: 260, series,
    scales: { x: { time: true } },
    // Tick labels in the viewer's zone, 24-hour (uPlot's default is the browser's zone, AM/PM).
    axes: [{ label: zone, values: (u, splits) => {
      const daily = splits.length > 1 && splits[1] - splits[0] >= 86400;
      return splits.map((t) => {
        const p = parts(t);
        return daily || p.time === "00:00" ? p.day : p.time;
      });
    } }, { label: "requests per interval" }],
  };
  const plot = new uPlot(opts, [data.x].concat(stacked), holder);
  holder.classList.add("bar-link");
  holder.title = "Click a bar to open the audit log for that interval";
  holder.addEventListener("click", () => {
    const index = plot.cursor.idx;
    if (index == null || !data.links || !data.links[index]) return;
    window.location.href = data.links[index];
  });
  window.addEventListener("resize", () => plot.setSize({ width: holder.clientWidth, height: 260 }));
});

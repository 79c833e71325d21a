// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: <button data-copy="#input-id">.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const input = document.querySelector(button.dataset.copy);
      if (!input) return;
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = "Copied";
      } catch (err) {
        document.execCommand("copy");
        button.textContent = "Copied";
      }
    });
  }
  // Destructive forms ask first: <form data-confirm="...">.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Columns sorted by the server (the whole log, every page): the header's link, anywhere on it.
  for (const th of document.querySelectorAll("th[data-server-sort]")) {
    const link = th.querySelector("a");
    th.classList.add("sortable");
    th.addEventListener("click", (event) => { if (event.target !== link) window.location.href = link.href; });
  }
  // Sortable columns: <th data-sort> (text) or <th data-sort="num">; sorts the rows on this page.
  for (const th of document.querySelectorAll("th[data-sort]")) {
    th.classList.add("sortable");
    th.tabIndex = 0;
    th.setAttribute("role", "button");  // a header that acts: announced as a button, keyboard-operable
    const sort = () => {
      const table = th.closest("table");
      const body = table.tBodies[0];
      const index = Array.from(th.parentNode.children).indexOf(th);
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of th.parentNode.children) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) => {
        const text = row.children[index].textContent.trim();
        return th.dataset.sort === "num" ? (parseFloat(text.replace(/,/g, "")) || 0) : text.toLowerCase();
      };
      const rows = Array.from(body.rows).sort((a, b) => {
        const x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      for (const row of rows) body.appendChild(row);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }  // Space must not scroll
    });
  }
  // Slow forms show that they are working: <form data-busy="Verifying…">.
  for (const form of document.querySelectorAll("form[data-busy]")) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = form.dataset.busy; }
    });
  }
});
// Auto-refresh (off unless the page was asked for it: <main data-refresh-seconds="30">). A reload is
// put off while the tab is hidden or the viewer is typing in a field, so it never eats their input.
document.addEventListener("DOMContentLoaded", () => {
  const main = document.querySelector("main[data-refresh-seconds]");
  const seconds = main ? parseInt(main.dataset.refreshSeconds, 10) : 0;
  if (!seconds || seconds < 5) return;
  const busy = () => {
    const active = document.activeElement;
    return document.hidden || (active && active.matches("input, select, textarea"));
  };
  const tick = () => {
    if (busy()) { window.setTimeout(tick, 5000); return; }
    window.location.reload();
  };
  window.setTimeout(tick, seconds * 1000);
});
// Preferences: name this browser's own zone beside the list, and offer it.
document.addEventListener("DOMContentLoaded", () => {
  const note = document.querySelector("[data-testid=browser-zone]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!note || !zone) return;
  note.querySelector("span").textContent = zone;
  note.hidden = false;
});

/**
 * The console's only script, served at /console/assets/enhance.js. Every page works without it
 * (tabs are links, dialogs open through a query parameter); with it, tabs follow the ARIA tabs
 * pattern (arrow keys, Home, End, roving focus), confirmations open as modal `<dialog>`s, and the
 * Region selector switches on change.
 */
export const ENHANCE_SCRIPT = `"use strict";
(function () {
  function setupTabs(list) {
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) panel.hidden = !on;
      });
      if (focus) tab.focus();
      var url = new URL(tab.href);
      history.replaceState(null, "", url.pathname + url.search);
    }
    tabs.forEach(function (t) { t.tabIndex = t.getAttribute("aria-selected") === "true" ? 0 : -1; });
    list.addEventListener("click", function (event) {
      var tab = event.target.closest('[role="tab"]');
      if (!tab) return;
      event.preventDefault();
      select(tab, true);
    });
    list.addEventListener("keydown", function (event) {
      var index = tabs.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
      else if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
      else if (event.key === "Home") next = tabs[0];
      else if (event.key === "End") next = tabs[tabs.length - 1];
      if (next) { event.preventDefault(); select(next, true); }
    });
  }

  function setupDialogOpener(opener) {
    var dialog = document.getElementById(opener.getAttribute("data-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    opener.setAttribute("role", "button");
    function open(event) {
      event.preventDefault();
      if (dialog.open) dialog.close();
      dialog.showModal();
    }
    opener.addEventListener("click", open);
    opener.addEventListener("keydown", function (event) { if (event.key === " ") open(event); });
  }

  // The Region selector switches as soon as a Region is chosen (its button is for script-less use).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll('[role="tablist"]').forEach(setupTabs);
  document.querySelectorAll("[data-dialog]").forEach(setupDialogOpener);
  // A dialog the server rendered open (the no-script path) becomes modal.
  document.querySelectorAll("dialog[open]").forEach(function (dialog) {
    if (typeof dialog.showModal !== "function") return;
    dialog.close();
    dialog.showModal();
  });
})();
`;

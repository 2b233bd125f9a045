/* The statement's Print button, and "expand all" for the explanations (no inline handlers:
   the content security policy only allows scripts from this site). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-button");
    if (button) {
      button.addEventListener("click", function () { window.print(); });
    }
    var expand = document.getElementById("expand-explanations");
    if (expand) {
      expand.addEventListener("click", function () {
        var all = document.querySelectorAll("details.econ-why");
        var open = expand.getAttribute("aria-pressed") !== "true";
        all.forEach(function (d) { d.open = open; });
        expand.setAttribute("aria-pressed", open ? "true" : "false");
        expand.textContent = open
          ? (expand.dataset.collapseLabel || "Collapse explanations")
          : (expand.dataset.expandLabel || "Expand explanations");
      });
    }
  });
})();

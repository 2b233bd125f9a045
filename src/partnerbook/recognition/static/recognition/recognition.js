/* The Print buttons of the success-story page and the ideal-supplier profile (no inline
   handlers: the content security policy allows scripts from this site only). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-button");
    if (button) {
      button.addEventListener("click", function () { window.print(); });
    }
  });
})();

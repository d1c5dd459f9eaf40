/* PeerLearn's small page helpers. No framework; pages work without it. */
(function () {
  "use strict";
  // <form data-confirm="…">: ask before submitting a destructive action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

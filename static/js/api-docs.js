/* Starts the vendored Swagger UI on the API document; no validator calls leave the machine. */
(function () {
  "use strict";
  var script = document.getElementById("api-docs-script");
  window.ui = SwaggerUIBundle({
    url: script.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true
  });
})();

// Starts Swagger UI on /api/docs from the vendored bundle (the page's CSP allows no inline script).
window.addEventListener("load", function () {
  "use strict";
  window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui" });
});

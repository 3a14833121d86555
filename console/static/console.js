// The Stampede console's only script besides htmx.
//
// The credential (an API key or a JWT) is kept in sessionStorage: it lives as
// long as the browser tab and is sent as a header with every request htmx
// makes. It is never put in a cookie, so a request forged by another site
// carries nothing and cannot act (no CSRF).
"use strict";
(function () {
  var CREDENTIAL = "stampede.credential";
  var TENANT = "stampede.tenant";

  function stored(name) {
    try { return window.sessionStorage.getItem(name); } catch (e) { return null; }
  }

  function looksLikeJwt(value) {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var credential = stored(CREDENTIAL);
    if (credential) {
      if (looksLikeJwt(credential)) {
        event.detail.headers["Authorization"] = "Bearer " + credential;
      } else {
        event.detail.headers["X-API-Key"] = credential;
      }
    }
    var tenant = stored(TENANT);
    if (tenant) { event.detail.headers["X-Tenant-Id"] = tenant; }
  });

  // After htmx swaps a whole page in, move focus to its content, so keyboard
  // and screen-reader users start there.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target === document.body) {
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    }
  });

  function signIn(event) {
    event.preventDefault();
    var form = event.target;
    var credential = form.elements["credential"].value.trim();
    var tenant = form.elements["tenant"].value.trim();
    var error = document.getElementById("credential-error");
    if (!credential) {
      error.textContent = "Enter an API key or a token.";
      error.hidden = false;
      form.elements["credential"].setAttribute("aria-invalid", "true");
      form.elements["credential"].focus();
      return;
    }
    window.sessionStorage.setItem(CREDENTIAL, credential);
    if (tenant) { window.sessionStorage.setItem(TENANT, tenant); } else { window.sessionStorage.removeItem(TENANT); }
    var next = new URLSearchParams(window.location.search).get("next");
    // Only a console path: never a redirect elsewhere.
    if (!next || !/^\/console\/[A-Za-z0-9/_?=&%.-]*$/.test(next) || next.indexOf("//") !== -1) {
      next = "/console/campaigns";
    }
    window.location.assign(next);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.body.getAttribute("data-page");
    if (page === "sign-in") {
      var form = document.getElementById("sign-in");
      if (form) { form.addEventListener("submit", signIn); }
      return;
    }
    if (!stored(CREDENTIAL)) {
      var here = window.location.pathname + window.location.search;
      window.location.replace("/console/sign-in?next=" + encodeURIComponent(here));
      return;
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.id === "sign-out") {
      window.sessionStorage.removeItem(CREDENTIAL);
      window.sessionStorage.removeItem(TENANT);
      window.location.assign("/console/sign-in");
    }
  });
})();

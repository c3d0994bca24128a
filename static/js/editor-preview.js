// Live preview for the content editor. While you type, the form is sent with its "Preview"
// button, exactly as clicking it would; the server renders the preview and the problems with
// the code that publishes for learners, and this script swaps them into the page. Nothing is
// saved. Without JavaScript, the "Preview" button does the same with a page load.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  if (!form || !window.fetch || !window.DOMParser) {
    return;
  }
  var timer = null;
  var controller = null;

  function swap(fresh, id) {
    var here = document.getElementById(id);
    var there = fresh.getElementById(id);
    if (here && there) {
      here.replaceChildren.apply(here, Array.prototype.slice.call(there.childNodes));
    }
  }

  function refresh() {
    var data = new FormData(form);
    data.delete("save");
    data.set("preview", "Preview");
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      signal: controller.signal
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        swap(fresh, "live-problems");
        swap(fresh, "live-preview");
      })
      .catch(function () { /* a newer request replaced this one, or the network failed */ });
  }

  function changed() {
    return Array.prototype.some.call(form.elements, function (field) {
      return "defaultValue" in field && field.value !== field.defaultValue;
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  });
  // Typing can start before this script runs on a slow connection: show that text at once.
  if (changed()) {
    refresh();
  }
})();

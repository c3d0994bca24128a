// Live character count for a text box with a limit. The page already says the limit in words;
// this script adds "N of M characters" under the box as you type. The visible count changes at
// once; screen readers hear it politely, only after a pause in typing, so each key press is not
// read out. Characters are counted as the server counts them: by code point, with each line
// break sent as two (a form posts line breaks as CR LF).
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-char-count]");

  function size(text) {
    return Array.from(text.replace(/\r?\n/g, "\r\n")).length;
  }

  function describe(count, limit) {
    var over = count - limit;
    if (over > 0) {
      return count + " of " + limit + " characters: " + over + " too many";
    }
    return count + " of " + limit + " characters";
  }

  Array.prototype.forEach.call(boxes, function (output) {
    var box = document.getElementById(output.getAttribute("data-char-count"));
    var limit = parseInt(output.getAttribute("data-max"), 10);
    var spoken = output.querySelector("[data-spoken]");
    var shown = output.querySelector("[data-shown]");
    if (!box || !limit || !spoken || !shown) {
      return;
    }
    var timer = null;
    function update() {
      var count = size(box.value);
      shown.textContent = describe(count, limit);
      output.classList.toggle("over", count > limit);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { spoken.textContent = shown.textContent; }, 800);
    }
    shown.textContent = describe(size(box.value), limit);
    output.classList.toggle("over", size(box.value) > limit);
    output.hidden = false;
    box.addEventListener("input", update);
  });
})();

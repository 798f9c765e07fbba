// Wide tables on narrow screens: each table scrolls inside its own box (div.table-scroll), so
// the page itself never scrolls sideways. When a box is wider than the screen this script
// shows the hint "Vuốt ngang để xem thêm" above it, fades the edge that hides more columns, and
// makes the box reachable with the keyboard (a named region with tabindex=0, so the arrow keys
// scroll it). A table the templates did not wrap is wrapped here.
(function () {
  "use strict";
  var hintText = document.body.getAttribute("data-scroll-hint") || "";
  var boxes = [];

  function labelOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var node = box.previousElementSibling;
    while (node) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return node.textContent.trim();
      }
      node = node.previousElementSibling;
    }
    return hintText;
  }

  function wrap(table) {
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    return box;
  }

  function update(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    var hint = box.previousElementSibling;
    var hasHint = hint && hint.classList.contains("table-scroll-hint");
    box.classList.toggle("is-wide", wide);
    box.classList.toggle("at-start", box.scrollLeft <= 1);
    box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    if (wide) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", labelOf(box));
      if (!hasHint && hintText) {
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = hintText;
        box.parentNode.insertBefore(hint, box);
      }
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      if (hasHint) {
        hint.parentNode.removeChild(hint);
      }
    }
  }

  function updateAll() {
    boxes.forEach(update);
  }

  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
    var box = table.closest(".table-scroll") || wrap(table);
    if (boxes.indexOf(box) === -1) {
      boxes.push(box);
      box.addEventListener("scroll", function () { update(box); }, { passive: true });
    }
  });
  updateAll();
  // A table inside <details> has no width until it is opened.
  document.addEventListener("toggle", updateAll, true);
  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(updateAll, 100);
  });
})();

// Report pages: never lose what was typed, and never send a form twice.
// - every POST form: disabled after its first submit (a double click sends once);
// - the figures form ([data-entry-form]): asks before leaving with unsaved changes, keeps the
//   typed values in localStorage (per user, report and version) and offers them back after a
//   reload, counts the filled inputs, fills empty inputs with 0 on request;
// - the error summary (#error-summary) takes the focus; its links focus their input;
// - the review queue: "Chọn tất cả" ([data-select-all]) ticks every report.
(function () {
  "use strict";
  var DRAFT_DAYS = 30;

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  // --- One submit per form ----------------------------------------------------------------
  each(document.querySelectorAll("form[method=post]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      form.setAttribute("aria-busy", "true");
      // Disabled after the browser has read the form, so the pressed button's value is sent.
      window.setTimeout(function () {
        each(form.querySelectorAll("button[type=submit], input[type=submit]"), function (b) {
          b.disabled = true;
        });
      }, 0);
    });
  });
  // Coming back to the page from the history: the forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    each(document.querySelectorAll("form[data-sent]"), function (form) {
      form.removeAttribute("data-sent");
      form.removeAttribute("aria-busy");
      each(form.querySelectorAll("button[type=submit], input[type=submit]"), function (b) {
        b.disabled = false;
      });
    });
  });

  // --- Error summary ------------------------------------------------------------------------
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    each(summary.querySelectorAll("a[data-focus]"), function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("data-focus"));
        if (!target) {
          return;
        }
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      });
    });
  }

  // --- Select all (review queue) ------------------------------------------------------------
  each(document.querySelectorAll("[data-select-all]"), function (all) {
    var boxes = document.querySelectorAll("input[type=checkbox][data-selectable]");
    var wrapper = all.closest("[hidden]");
    if (wrapper) {
      wrapper.hidden = false;
    }
    all.addEventListener("change", function () {
      each(boxes, function (box) {
        box.checked = all.checked;
      });
    });
    each(boxes, function (box) {
      box.addEventListener("change", function () {
        var ticked = Array.prototype.filter.call(boxes, function (b) {
          return b.checked;
        }).length;
        all.checked = ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      });
    });
  });

  // --- The figures form ---------------------------------------------------------------------
  var form = document.querySelector("form[data-entry-form]");
  if (!form) {
    return;
  }
  var inputs = form.querySelectorAll("input[name]:not([type=hidden])");
  var prefix = form.getAttribute("data-draft-prefix") + ":v";
  var version = form.getAttribute("data-draft-version");
  var key = prefix + version;
  var dirty = form.hasAttribute("data-unsaved");
  var counter = form.querySelector("[data-filled-count]");
  var dirtyNote = form.querySelector("[data-dirty-note]");

  function values() {
    var found = {};
    each(inputs, function (input) {
      found[input.name] = input.value;
    });
    return found;
  }

  // "Tồn kỳ trước": this month's closing (received + carried over − handled), and a warning
  // naming both numbers when the carried-over figure differs from last month's closing.
  function count(input) {
    var typed = input ? input.value.trim().replace(/\./g, "") : "";
    return /^[0-9]+$/.test(typed) ? Number(typed) : null;
  }

  function checkCarry(input) {
    var note = document.getElementById(input.id + "_carry");
    if (!note || !input.hasAttribute("data-carry-received")) {
      return;
    }
    var shownClosing = note.querySelector("[data-carry-closing]");
    var parts = [input, document.getElementById(input.getAttribute("data-carry-received"))];
    var handled = 0;
    each(input.getAttribute("data-carry-handled").split(","), function (id) {
      var value = count(document.getElementById(id));
      handled = value === null || handled === null ? null : handled + value;
    });
    var open = count(parts[0]);
    var received = count(parts[1]);
    if (shownClosing) {
      var known = open !== null && received !== null && handled !== null;
      shownClosing.textContent = known ? String(received + open - handled) : "—";
    }
    var previous = input.getAttribute("data-carry-previous");
    var warning = note.querySelector("[data-carry-warning]");
    if (previous === null || !warning) {
      return;
    }
    var differs = open !== null && open !== Number(previous);
    warning.hidden = !differs;
    var shown = warning.querySelector("[data-carry-value]");
    if (shown) {
      shown.textContent = input.value.trim();
    }
  }

  function refresh() {
    var filled = 0;
    each(inputs, function (input) {
      filled += input.value.trim() !== "" ? 1 : 0;
      checkCarry(input);
    });
    if (counter) {
      counter.textContent = filled;
    }
    if (dirtyNote) {
      dirtyNote.hidden = !dirty;
    }
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function store() {
    var box = storage();
    if (!box) {
      return;
    }
    try {
      box.setItem(key, JSON.stringify({ values: values(), time: Date.now() }));
    } catch (error) {
      // Full or forbidden: the warning before leaving still protects the input.
    }
  }

  function changed() {
    dirty = true;
    refresh();
    store();
  }

  form.addEventListener("input", changed);
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !form.getAttribute("data-sent")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var fillZero = form.querySelector("[data-fill-zero]");
  if (fillZero) {
    fillZero.hidden = false;
    fillZero.addEventListener("click", function () {
      var first = null;
      each(inputs, function (input) {
        if (input.value.trim() === "") {
          input.value = "0";
          first = first || input;
        }
      });
      if (first) {
        changed();
      }
    });
  }

  // Drafts of this report: drop the old and those equal to the page, offer the newest other.
  function differs(saved) {
    var now = values();
    return Object.keys(saved).some(function (name) {
      return name in now && String(saved[name]) !== String(now[name]);
    });
  }

  var box = storage();
  var offer = null;
  if (box) {
    var keys = [];
    for (var i = 0; i < box.length; i++) {
      if (box.key(i).indexOf(prefix) === 0) {
        keys.push(box.key(i));
      }
    }
    keys.forEach(function (candidate) {
      var draft = null;
      try {
        draft = JSON.parse(box.getItem(candidate));
      } catch (error) {
        draft = null;
      }
      var old = !draft || !draft.values || Date.now() - draft.time > DRAFT_DAYS * 86400000;
      if (old || !differs(draft.values)) {
        box.removeItem(candidate);
      } else if (!offer || candidate === key || (offer.key !== key && draft.time > offer.time)) {
        offer = { key: candidate, values: draft.values, time: draft.time };
      }
    });
  }
  var banner = document.querySelector("[data-draft-banner]");
  if (offer && banner) {
    var time = banner.querySelector("[data-draft-time]");
    if (time) {
      time.textContent =
        " (" + new Date(offer.time).toLocaleString(document.documentElement.lang || undefined) + ")";
    }
    banner.querySelector("[data-draft-older]").hidden = offer.key === key;
    banner.hidden = false;
    banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
      each(inputs, function (input) {
        if (input.name in offer.values) {
          input.value = offer.values[input.name];
        }
      });
      if (offer.key !== key) {
        box.removeItem(offer.key);
      }
      banner.hidden = true;
      changed();
      if (inputs.length) {
        inputs[0].focus();
      }
    });
    banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
      box.removeItem(offer.key);
      banner.hidden = true;
    });
  }
  if (dirty) {
    store();
  }
  refresh();
})();

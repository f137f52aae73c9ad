// The site's one script: no inline script anywhere, so the Content-Security-Policy stays strict.
(function () {
  "use strict";

  // Copy buttons (templates/includes/copy_field.html). The button is hidden until this script
  // runs; without it the address is selected and copied by hand. The result is announced in
  // the status line next to the button.
  function setUpCopyButton(button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(input.id + "-status");
    function announce(text) {
      // Emptied first, so the same message is announced again on a second press.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
      }, 100);
    }
    function copyBySelection() {
      input.focus();
      input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      if (copied) {
        button.focus();
        announce(button.getAttribute("data-copy-done"));
      } else {
        // The address stays selected and focused: Ctrl+C copies it.
        announce(button.getAttribute("data-copy-failed"));
      }
    }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () {
          announce(button.getAttribute("data-copy-done"));
        }, copyBySelection);
      } else {
        copyBySelection();
      }
    });
    button.hidden = false;
  }

  // The session warning (templates/base.html, accounts/sessions.py). Shortly before the session
  // ends the server is asked how long is left (activity in another tab moves the end); if it is
  // still ending, a dialog offers to stay logged in. When it has ended, the dialog says so and
  // that what is written on the page is kept.
  function setUpSessionTimeout(dialog) {
    var statusUrl = dialog.getAttribute("data-status-url");
    var warnBefore = Number(dialog.getAttribute("data-warn-before")) * 1000;
    var warning = dialog.querySelector("[data-session-state='warning']");
    var ended = dialog.querySelector("[data-session-state='ended']");
    var text = document.getElementById("session-timeout-text");
    var template = text.textContent;
    var timer = null;

    function later(milliseconds, action) {
      window.clearTimeout(timer);
      timer = window.setTimeout(action, Math.max(milliseconds, 0));
    }
    function open() {
      if (!dialog.open) {
        dialog.showModal();
      }
    }
    function clockTime(secondsLeft) {
      var end = new Date(Date.now() + secondsLeft * 1000);
      return end.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
    }
    function show(secondsLeft) {
      if (secondsLeft <= 0) {
        warning.hidden = true;
        ended.hidden = false;
        dialog.setAttribute("aria-labelledby", "session-ended-title");
        dialog.setAttribute("aria-describedby", "session-ended-text");
        open();
        window.clearTimeout(timer);
      } else if (secondsLeft * 1000 > warnBefore + 1000) {
        if (dialog.open) {
          dialog.close();
        }
        later(secondsLeft * 1000 - warnBefore, check);
      } else {
        text.textContent = template.replace("__TIME__", clockTime(secondsLeft));
        open();
        later(secondsLeft * 1000 + 1000, check);
      }
    }
    function check() {
      fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          show(data.seconds_left);
        })
        .catch(function () {
          later(30000, check); // offline for a moment: ask again
        });
    }
    dialog.querySelector("form[data-session-extend]").addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(statusUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new FormData(event.target),
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          show(data.seconds_left);
        })
        .catch(function () {
          show(0);
        });
    });
    show(Number(dialog.getAttribute("data-seconds-left")));
  }

  // Type-ahead fields (dialogkurs.forms.SuggestInput): as one types, the names that contain the
  // text are asked from data-suggest-url and offered in the field's <datalist>, which the
  // browser shows and announces as a list of suggestions. Without this script the field is a
  // plain text field and part of a name is enough.
  function setUpSuggestions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest-url");
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        fetch(url + "?q=" + encodeURIComponent(text), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : [];
          })
          .then(function (names) {
            list.replaceChildren.apply(
              list,
              names.map(function (name) {
                var option = document.createElement("option");
                option.value = name;
                return option;
              })
            );
          })
          .catch(function () {});
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary after a failed submit, so screen-reader users hear it first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // Print buttons (printable pages).
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
    // Confirm destructive actions marked with data-confirm.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
    document.querySelectorAll("button[data-copy]").forEach(setUpCopyButton);
    document.querySelectorAll("input[data-suggest-url][list]").forEach(setUpSuggestions);
    var sessionDialog = document.querySelector("[data-session-timeout]");
    if (sessionDialog && typeof sessionDialog.showModal === "function") {
      setUpSessionTimeout(sessionDialog);
    }
  });
})();

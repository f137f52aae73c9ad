// Autosave of a draft note: a few seconds after the author stops typing, the form is posted to
// the draft's autosave address; the status line (aria-live) says when it was last saved.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  function save() {
    var data = new FormData(form);
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.saved && status) {
          status.textContent = status.getAttribute("data-saved-label") + " " + result.at + ".";
        }
      })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, 3000);
  });
});

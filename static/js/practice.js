// Keyboard shortcuts for question cards: keys 1-6 pick a choice, Enter on a choice checks it.
// On a page with one question (a quiz) the keys work anywhere; elsewhere, in the focused card.
(function () {
  "use strict";

  function activeForm(target) {
    var form = target && target.closest ? target.closest(".question-form") : null;
    if (form) return form;
    var forms = document.querySelectorAll(".question-form");
    return forms.length === 1 ? forms[0] : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
        (target.tagName === "INPUT" && !/^(radio|checkbox)$/.test(target.type)))) return;
    var form = activeForm(target);
    if (!form) return;
    if (/^[1-6]$/.test(event.key)) {
      var inputs = form.querySelectorAll("input[name=choice]");
      var input = inputs[Number(event.key) - 1];
      if (!input) return;
      event.preventDefault();
      if (input.type === "checkbox") input.checked = !input.checked;
      else input.checked = true;
      input.focus();
    } else if (event.key === "Enter" && target && target.name === "choice") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();

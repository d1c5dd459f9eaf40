/* PeerLearn authoring: the live preview beside the Markdown editor.
 * The server renders and sanitizes (POST /api/v1/authoring/preview) and works out the
 * reading time from the body and the quiz, with the same function that saves the module;
 * this file only sends the text and the quiz, with the page's CSRF token, and shows the
 * answer, plus the quiz as readers will see it. Without it the page still works: the
 * preview (quiz included) is rendered on every save. */
(function () {
  "use strict";
  var DELAY_MS = 400;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function showWarnings(list, warnings) {
    list.textContent = "";
    warnings.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    list.hidden = warnings.length === 0;
  }

  // The quiz as the editor's fields hold it, in the API's shape (as quiz_from_form reads it).
  function readQuiz(form) {
    var questions = [];
    var slots = form.querySelectorAll("details[data-question]");
    Array.prototype.forEach.call(slots, function (slot) {
      var i = slot.getAttribute("data-question");
      var value = function (name) {
        var el = form.elements.namedItem("q-" + i + "-" + name);
        return el ? el.value.trim() : "";
      };
      var choices = [];
      var correct = [];
      Array.prototype.forEach.call(slot.querySelectorAll("[data-choice]"), function (row, j) {
        choices.push(row.querySelector("input[type=text]").value.trim());
        if (row.querySelector("input[type=checkbox]").checked) { correct.push(j); }
      });
      var prompt = value("prompt");
      var explanation = value("explanation");
      if (!prompt && !explanation && !choices.some(Boolean)) { return; }
      while (choices.length && !choices[choices.length - 1]) { choices.pop(); }
      questions.push({ kind: value("kind") || "single", prompt: prompt, choices: choices,
                       correct: correct, explanation: explanation });
    });
    if (!questions.length) { return null; }
    var mark = parseInt((form.elements.namedItem("pass_mark") || {}).value, 10);
    return { pass_mark: isNaN(mark) ? 70 : mark, questions: questions };
  }

  function showQuiz(quiz) {
    var section = document.getElementById("quiz-preview");
    var list = document.getElementById("quiz-preview-list");
    var mark = document.getElementById("quiz-preview-mark");
    if (!section || !list) { return; }
    list.textContent = "";
    section.hidden = !quiz;
    if (!quiz) { return; }
    if (mark) { mark.textContent = "· pass mark " + quiz.pass_mark + "%"; }
    quiz.questions.forEach(function (q) {
      var item = document.createElement("li");
      var prompt = document.createElement("p");
      prompt.className = "quiz-preview-prompt";
      prompt.textContent = q.prompt || "(no question yet)";
      var choices = document.createElement("ul");
      choices.className = "quiz-preview-choices";
      (q.kind === "true_false" ? ["True", "False"] : q.choices).forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        choices.appendChild(li);
      });
      item.appendChild(prompt);
      item.appendChild(choices);
      list.appendChild(item);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("textarea[data-preview-target]");
    if (!input || !window.fetch) { return; }
    var target = document.getElementById(input.getAttribute("data-preview-target"));
    var minutes = document.getElementById("preview-minutes");
    var warnings = document.getElementById("preview-warnings");
    var timer = null;
    var latest = 0;
    var form = input.form;

    function refresh() {
      var request = ++latest;
      var quiz = form ? readQuiz(form) : null;
      showQuiz(quiz);
      fetch("/api/v1/authoring/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ body_markdown: input.value, quiz: quiz })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data || request !== latest) { return; }
        target.innerHTML = data.html;  // sanitized by the server (nh3)
        if (minutes) { minutes.textContent = "about " + data.estimated_minutes + " min"; }
        if (warnings) { showWarnings(warnings, data.warnings); }
      }).catch(function () { /* offline: the preview catches up on the next save */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    }
    input.addEventListener("input", later);
    var quizEditor = document.querySelector("[data-quiz-builder]");
    if (quizEditor) {
      quizEditor.addEventListener("input", later);
      quizEditor.addEventListener("change", later);
      quizEditor.addEventListener("quiz-changed", later);
    }
  });
})();

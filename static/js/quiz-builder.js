/* PeerLearn quiz builder: progressive enhancement of the editor's quiz fields.
 *
 * The server renders every question slot with every choice slot (templates/authoring/
 * _quiz_editor.html), which works without scripts. This file shows only the questions and
 * choices in use and adds buttons to add and remove them, plus a true/false preset. Removing
 * moves the later questions (or choices) up, so the slots in use stay first and the field
 * names the server reads (q-0-prompt, q-0-choice-1, q-0-correct …) never change. */
(function () {
  "use strict";

  function button(text, className, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); }
    return b;
  }

  function QuizBuilder(root) {
    this.root = root;
    this.maxChoices = parseInt(root.getAttribute("data-max-choices"), 10) || 6;
    this.slots = Array.prototype.slice.call(root.querySelectorAll("details[data-question]"));
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("aria-live", "polite");
    root.appendChild(this.status);
  }

  QuizBuilder.prototype.field = function (slot, selector) { return slot.querySelector(selector); };

  QuizBuilder.prototype.rows = function (slot) {
    return Array.prototype.slice.call(slot.querySelectorAll("[data-choice]"));
  };

  QuizBuilder.prototype.read = function (slot) {
    return {
      kind: this.field(slot, "[data-kind]").value,
      prompt: this.field(slot, "[data-prompt]").value,
      explanation: this.field(slot, "textarea").value,
      choices: this.rows(slot).map(function (row) {
        return { text: row.querySelector("input[type=text]").value,
                 correct: row.querySelector("input[type=checkbox]").checked };
      })
    };
  };

  QuizBuilder.prototype.write = function (slot, data) {
    this.field(slot, "[data-kind]").value = data.kind || "single";
    this.field(slot, "[data-prompt]").value = data.prompt || "";
    this.field(slot, "textarea").value = data.explanation || "";
    this.rows(slot).forEach(function (row, j) {
      var choice = (data.choices || [])[j] || { text: "", correct: false };
      row.querySelector("input[type=text]").value = choice.text;
      row.querySelector("input[type=checkbox]").checked = choice.correct;
    });
  };

  QuizBuilder.prototype.isUsed = function (slot) {
    var d = this.read(slot);
    return slot.classList.contains("has-error") || d.prompt.trim() || d.explanation.trim() ||
      d.choices.some(function (c) { return c.text.trim() || c.correct; });
  };

  QuizBuilder.prototype.usedChoices = function (slot) {
    var rows = this.rows(slot), last = -1;
    rows.forEach(function (row, j) {
      if (row.querySelector("input[type=text]").value.trim()) { last = j; }
    });
    return Math.max(2, last + 1);
  };

  QuizBuilder.prototype.showChoices = function (slot, count) {
    var trueFalse = this.field(slot, "[data-kind]").value === "true_false";
    if (trueFalse) { count = 2; }
    this.rows(slot).forEach(function (row, j) {
      var text = row.querySelector("input[type=text]");
      row.hidden = j >= count;
      text.readOnly = trueFalse;
      if (trueFalse) { text.value = j === 0 ? "True" : (j === 1 ? "False" : ""); }
      var remove = row.querySelector(".choice-remove");
      if (remove) { remove.hidden = trueFalse || count <= 2; }
    });
    slot.setAttribute("data-choices", String(count));
    var add = slot.querySelector(".choice-add");
    if (add) { add.hidden = trueFalse || count >= this.maxChoices; }
  };

  QuizBuilder.prototype.removeChoice = function (slot, index) {
    var data = this.read(slot);
    data.choices.splice(index, 1);
    this.write(slot, data);
    this.showChoices(slot, Math.max(2, parseInt(slot.getAttribute("data-choices"), 10) - 1));
    this.status.textContent = "Choice removed.";
    var rows = this.rows(slot);
    rows[Math.min(index, rows.length - 1)].querySelector("input[type=text]").focus();
  };

  QuizBuilder.prototype.enhanceQuestion = function (slot) {
    var self = this;
    self.rows(slot).forEach(function (row, j) {
      var remove = button("×", "button small secondary choice-remove", "Remove choice " + (j + 1));
      remove.addEventListener("click", function () { self.removeChoice(slot, j); });
      row.appendChild(remove);
    });
    var fieldset = slot.querySelector(".choices-editor");
    var addChoice = button("Add a choice", "button small secondary choice-add");
    addChoice.addEventListener("click", function () {
      var count = parseInt(slot.getAttribute("data-choices"), 10) + 1;
      self.showChoices(slot, count);
      self.rows(slot)[count - 1].querySelector("input[type=text]").focus();
    });
    fieldset.appendChild(addChoice);
    var kind = self.field(slot, "[data-kind]");
    kind.addEventListener("change", function () {
      if (kind.value !== "true_false") {
        self.rows(slot).forEach(function (row) {
          var text = row.querySelector("input[type=text]");
          if (text.readOnly) { text.value = ""; }
        });
      }
      self.showChoices(slot, kind.value === "true_false" ? 2 : self.usedChoices(slot));
    });
    // A single-answer or true/false question has one right answer: ticking one unticks the rest.
    slot.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked || kind.value === "multiple") { return; }
      self.rows(slot).forEach(function (row) {
        var other = row.querySelector("input[type=checkbox]");
        if (other !== box) { other.checked = false; }
      });
    });
    var prompt = self.field(slot, "[data-prompt]");
    prompt.addEventListener("input", function () {
      var title = slot.querySelector("[data-question-title]");
      if (title) { title.textContent = prompt.value.trim() ? ": " + prompt.value.trim() : ""; }
    });
    var removeQuestion = button("Remove this question", "button small secondary danger-text question-remove");
    removeQuestion.addEventListener("click", function () { self.removeQuestion(self.slots.indexOf(slot)); });
    slot.appendChild(removeQuestion);
    self.showChoices(slot, self.usedChoices(slot));
  };

  QuizBuilder.prototype.visibleCount = function () {
    return this.slots.filter(function (slot) { return !slot.hidden; }).length;
  };

  QuizBuilder.prototype.showQuestions = function (count) {
    this.slots.forEach(function (slot, i) {
      slot.hidden = i >= count;
      var number = slot.querySelector("[data-question-number]");
      if (number) { number.textContent = "Question " + (i + 1); }
    });
    var full = count >= this.slots.length;
    this.addButton.hidden = full;
    this.addTrueFalse.hidden = full;
    this.empty.hidden = count > 0;
    this.root.dispatchEvent(new CustomEvent("quiz-changed", { bubbles: true }));
  };

  QuizBuilder.prototype.addQuestion = function (kind) {
    var count = this.visibleCount();
    if (count >= this.slots.length) { return; }
    var slot = this.slots[count];
    this.write(slot, { kind: kind, choices: [] });
    this.showQuestions(count + 1);
    this.showChoices(slot, 2);
    slot.open = true;
    this.status.textContent = "Question " + (count + 1) + " added.";
    this.field(slot, "[data-prompt]").focus();
  };

  QuizBuilder.prototype.removeQuestion = function (index) {
    var self = this;
    var data = self.slots.map(function (slot) { return self.read(slot); });
    data.splice(index, 1);
    data.push({ kind: "single", choices: [] });
    self.slots.forEach(function (slot, i) {
      self.write(slot, data[i]);
      slot.classList.remove("has-error");
      self.showChoices(slot, self.usedChoices(slot));
      var title = slot.querySelector("[data-question-title]");
      if (title) { title.textContent = data[i].prompt ? ": " + data[i].prompt : ""; }
    });
    var count = self.visibleCount() - 1;
    self.showQuestions(count);
    self.status.textContent = "Question removed. " + count + " left.";
    (count ? self.field(self.slots[Math.min(index, count - 1)], "summary") : self.addButton).focus();
  };

  QuizBuilder.prototype.start = function () {
    var self = this;
    var used = 0;
    self.slots.forEach(function (slot, i) { if (self.isUsed(slot)) { used = i + 1; } });
    self.slots.forEach(function (slot) { self.enhanceQuestion(slot); });
    var bar = document.createElement("div");
    bar.className = "actions quiz-builder-actions";
    self.empty = document.createElement("p");
    self.empty.className = "muted";
    self.empty.textContent = "No quiz yet. A few questions help readers check what they learned.";
    self.addButton = button("Add a question", "button secondary");
    self.addButton.addEventListener("click", function () { self.addQuestion("single"); });
    self.addTrueFalse = button("Add a true/false question", "button secondary");
    self.addTrueFalse.addEventListener("click", function () { self.addQuestion("true_false"); });
    bar.appendChild(self.addButton);
    bar.appendChild(self.addTrueFalse);
    self.root.insertBefore(self.empty, self.slots[0]);
    self.root.appendChild(bar);
    self.showQuestions(used);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-quiz-builder]");
    if (root) { new QuizBuilder(root).start(); }
  });
})();

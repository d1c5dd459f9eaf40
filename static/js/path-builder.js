/* PeerLearn path builder: pick modules by searching the catalog instead of typing addresses.
 *
 * Without scripts the form has a text box of module addresses, one per line. With this file
 * that box is hidden and kept in step with a list the author builds: search as you type
 * (GET /api/v1/modules?q=…, the catalog's own search), add, move up or down, remove. The
 * form still submits the same lines, so the server has one way to read a path. */
(function () {
  "use strict";
  var DELAY_MS = 250;
  var RESULTS = 8;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function smallButton(text, label) {
    var b = el("button", "button small secondary", text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    return b;
  }

  function PathBuilder(root, lines) {
    this.root = root;
    this.textarea = lines.querySelector("textarea");
    this.list = root.querySelector("[data-picked]");
    this.empty = root.querySelector("[data-picked-empty]");
    this.search = root.querySelector("#module-search");
    this.results = root.querySelector("#module-results");
    this.status = root.querySelector("[data-picker-status]");
    this.url = root.getAttribute("data-search-url");
    this.items = Array.prototype.map.call(this.list.querySelectorAll("li"), function (li) {
      return { slug: li.getAttribute("data-slug"), title: li.getAttribute("data-title"),
               minutes: li.getAttribute("data-minutes") };
    });
    this.lastResults = [];
  }

  PathBuilder.prototype.has = function (slug) {
    return this.items.some(function (item) { return item.slug === slug; });
  };

  PathBuilder.prototype.say = function (text) { this.status.textContent = text; };

  PathBuilder.prototype.sync = function () {
    this.textarea.value = this.items.map(function (item) { return "/m/" + item.slug; }).join("\n");
  };

  PathBuilder.prototype.move = function (index, by, focusClass) {
    var target = index + by;
    if (target < 0 || target >= this.items.length) { return; }
    var item = this.items.splice(index, 1)[0];
    this.items.splice(target, 0, item);
    this.render();
    this.say(item.title + " moved to position " + (target + 1) + ".");
    var row = this.list.children[target];
    var again = row && row.querySelector("." + focusClass);
    (again && !again.disabled ? again : row.querySelector(".picked-remove")).focus();
  };

  PathBuilder.prototype.remove = function (index) {
    var item = this.items.splice(index, 1)[0];
    this.render();
    this.renderResults(this.lastResults);
    this.say(item.title + " removed.");
    var rows = this.list.children;
    if (rows.length) {
      rows[Math.min(index, rows.length - 1)].querySelector(".picked-remove").focus();
    } else {
      this.search.focus();
    }
  };

  PathBuilder.prototype.render = function () {
    var self = this;
    self.list.textContent = "";
    self.items.forEach(function (item, i) {
      var li = el("li", "picked-item");
      var text = el("span", "picked-title");
      var link = el("a", "", item.title);
      link.href = "/m/" + encodeURIComponent(item.slug);
      text.appendChild(link);
      if (item.minutes) { text.appendChild(el("span", "muted small", " · " + item.minutes + " min")); }
      var tools = el("span", "picked-tools");
      var up = smallButton("↑", "Move " + item.title + " up");
      up.classList.add("picked-up");
      up.disabled = i === 0;
      up.addEventListener("click", function () { self.move(i, -1, "picked-up"); });
      var down = smallButton("↓", "Move " + item.title + " down");
      down.classList.add("picked-down");
      down.disabled = i === self.items.length - 1;
      down.addEventListener("click", function () { self.move(i, 1, "picked-down"); });
      var remove = smallButton("Remove", "Remove " + item.title);
      remove.classList.add("picked-remove");
      remove.addEventListener("click", function () { self.remove(i); });
      tools.appendChild(up);
      tools.appendChild(down);
      tools.appendChild(remove);
      li.appendChild(text);
      li.appendChild(tools);
      self.list.appendChild(li);
    });
    self.empty.hidden = self.items.length > 0;
    self.sync();
  };

  PathBuilder.prototype.renderResults = function (modules) {
    var self = this;
    self.lastResults = modules;
    self.results.textContent = "";
    modules.forEach(function (m) {
      var li = el("li", "picker-result");
      var text = el("span", "picker-text");
      text.appendChild(el("strong", "", m.title));
      text.appendChild(el("span", "muted small", " · " + m.estimated_minutes + " min" +
        (m.author ? " · " + m.author.display_name : "")));
      if (m.summary) { text.appendChild(el("span", "picker-summary small", m.summary)); }
      var added = self.has(m.slug);
      var add = smallButton(added ? "Added" : "Add", added ? m.title + " is in the path" : "Add " + m.title);
      add.disabled = added;
      add.addEventListener("click", function () {
        if (self.has(m.slug)) { return; }
        self.items.push({ slug: m.slug, title: m.title, minutes: m.estimated_minutes });
        self.render();
        self.renderResults(self.lastResults);
        self.say(m.title + " added as number " + self.items.length + ".");
        self.search.focus();
      });
      li.appendChild(text);
      li.appendChild(add);
      self.results.appendChild(li);
    });
  };

  PathBuilder.prototype.find = function (query, request) {
    var self = this;
    var url = self.url + "?per_page=" + RESULTS + "&q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (page) {
        if (request !== self.latest) { return; }
        self.renderResults(page.items || []);
        self.say(page.items && page.items.length
          ? page.items.length + " modules found." : "No module matches “" + query + "”.");
      })
      .catch(function () { self.say("Search is unavailable right now."); });
  };

  PathBuilder.prototype.start = function (lines) {
    var self = this;
    var timer = null;
    self.latest = 0;
    lines.hidden = true;
    self.root.hidden = false;
    self.render();
    self.search.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = self.search.value.trim();
      var request = ++self.latest;
      if (!query) { self.renderResults([]); return; }
      timer = window.setTimeout(function () { self.find(query, request); }, DELAY_MS);
    });
    // Enter in the search box searches now instead of submitting the path form.
    self.search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      window.clearTimeout(timer);
      if (self.search.value.trim()) { self.find(self.search.value.trim(), ++self.latest); }
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-path-builder]");
    var lines = document.querySelector("[data-path-lines]");
    if (!root || !lines || !window.fetch) { return; }
    new PathBuilder(root, lines).start(lines);
  });
})();

/* PeerLearn's small page helpers. No framework; pages work without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The phone menu: a button that folds the main navigation away.
  function setUpMenuButton() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("main-nav");
    if (!toggle || !nav) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Header menus are <details>: the browser opens them (click, Enter, Space). Here we only
  // keep one open at a time and close it on Escape or a click elsewhere.
  function setUpHeaderMenus() {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details.nav-menu"));
    if (!menus.length) { return; }
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) { return; }
        menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      menus.forEach(function (menu) {
        if (menu.open) {
          menu.open = false;
          if (menu.contains(document.activeElement)) { menu.querySelector("summary").focus(); }
        }
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    });
  }

  // <time datetime="…">: the server writes the date in UTC; here it becomes "3 hours ago"
  // (or the reader's local date when older), with the full local time on hover.
  var UNITS = [
    ["year", 365 * 24 * 3600], ["month", 30 * 24 * 3600], ["week", 7 * 24 * 3600],
    ["day", 24 * 3600], ["hour", 3600], ["minute", 60]
  ];

  function relative(date, now) {
    var seconds = Math.round((date.getTime() - now.getTime()) / 1000);
    var size = Math.abs(seconds);
    if (size < 45) { return seconds <= 0 ? "just now" : "in a moment"; }
    var format = window.Intl && Intl.RelativeTimeFormat
      ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
    for (var i = 0; i < UNITS.length; i++) {
      var unit = UNITS[i];
      if (size >= unit[1] * 0.9 || unit[0] === "minute") {
        var count = Math.round(seconds / unit[1]);
        if (format) { return format.format(count, unit[0]); }
        var n = Math.abs(count);
        var words = n + " " + unit[0] + (n === 1 ? "" : "s");
        return count < 0 ? words + " ago" : "in " + words;
      }
    }
    return "";
  }

  // The reader's time zone: the one on their profile when they chose one, else the browser's.
  function formatter(options) {
    if (!window.Intl || !Intl.DateTimeFormat) { return null; }
    var zone = document.body && document.body.getAttribute("data-timezone");
    if (zone) {
      try {
        return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: zone }, options));
      } catch (error) { /* an unknown zone name: fall back to the browser's */ }
    }
    return new Intl.DateTimeFormat(undefined, options);
  }

  function enhanceTimes(root) {
    var absolute = formatter({ weekday: "short", year: "numeric", month: "short", day: "numeric",
                               hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
    var dayOnly = formatter({ year: "numeric", month: "short", day: "numeric" });
    var now = new Date();
    var times = root.querySelectorAll("time[datetime][data-relative]");
    Array.prototype.forEach.call(times, function (el) {
      var value = el.getAttribute("datetime");
      if (value.length <= 10) { return; }  // a bare date has no time zone to convert
      var date = new Date(value);
      if (isNaN(date.getTime())) { return; }
      var ageDays = Math.abs(now - date) / 86400000;
      // Recent moments read best as "3 hours ago"; older ones as a date.
      var text = ageDays < 30 || !dayOnly ? relative(date, now) : dayOnly.format(date);
      if (text) { el.textContent = text; }
      if (absolute) { el.setAttribute("title", absolute.format(date)); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenuButton();
    setUpHeaderMenus();
    enhanceTimes(document);
  });
  window.PeerLearn = { enhanceTimes: enhanceTimes };

  // <form data-confirm="…">: ask before submitting a destructive action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

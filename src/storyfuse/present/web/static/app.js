// storyfuse pages, progressive: everything works without this script.
// 1. Static report: filter the story list by words of the headlines, summaries and article texts.
// 2. Web app: tell the reader when `storyfuse ingest` has added articles since the page loaded.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function setUpFilter() {
    var input = document.querySelector("[data-filter-input]");
    var index = window.STORYFUSE_INDEX;
    var cards = document.querySelectorAll("[data-story-id]");
    var counter = document.querySelector("[data-filter-count]");
    if (!input || !Array.isArray(index) || !cards.length) {
      return;
    }
    var haystack = {};
    index.forEach(function (entry) {
      haystack[entry.id] = fold(entry.text);
    });
    // The prebuilt word index (static_report.py): word -> positions in `index` of the stories it occurs in,
    // over headlines, summaries and the articles' text. A term matches a word it begins.
    var vocabulary = window.STORYFUSE_WORDS || {};
    var keys = Object.keys(vocabulary);
    function storiesWith(term) {
      var found = {};
      keys.forEach(function (word) {
        if (word.lastIndexOf(term, 0) === 0) {
          vocabulary[word].forEach(function (position) { found[index[position].id] = true; });
        }
      });
      return found;
    }
    function apply() {
      var terms = words(input.value);
      var shown = 0;
      var matches = terms.map(storiesWith);
      cards.forEach(function (card) {
        var id = card.getAttribute("data-story-id");
        var text = haystack[id] || "";
        var match = terms.every(function (t, k) { return matches[k][id] || text.indexOf(t) !== -1; });
        card.hidden = !match;
        if (match) { shown += 1; }
      });
      if (counter) {
        counter.hidden = terms.length === 0;
        counter.textContent = shown + (shown === 1 ? " story matches" : " stories match");
      }
    }
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) {
      input.value = params.get("q");
    }
    input.addEventListener("input", apply);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    apply();
  }

  function setUpUpdateNotice() {
    var status = document.querySelector("[data-status-url]");
    var notice = document.querySelector("[data-update-notice]");
    if (!status || !notice || !window.fetch) {
      return;
    }
    var url = status.getAttribute("data-status-url");
    var stamp = status.getAttribute("data-status-stamp");
    var articles = status.getAttribute("data-status-articles");
    var every = Math.max(500, Number(status.getAttribute("data-status-every")) || 15000);
    var checks = 0;
    var timer = window.setInterval(function () {
      checks += 1;
      if (checks > 3600000 / every) {  // an hour; a forgotten tab stops asking
        window.clearInterval(timer);
      }
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && (String(data.articles) !== articles || (data.updated_at || "") !== stamp)) {
            notice.hidden = false;
            window.clearInterval(timer);
          }
        })
        .catch(function () {});
    }, every);
  }

  setUpFilter();
  setUpUpdateNotice();
})();

// Searchable selects for big lists (issue 12 §8). A <select data-autocomplete="<url>"> (rendered by
// helix.core.autocomplete.AutocompleteSelect) becomes a tom-select box that asks the URL for matches as
// the person types. tom-select is served from its npm package; it is loaded only on pages that need it.
(function () {
  const me = document.currentScript;
  const SELECTOR = "select[data-autocomplete]:not(.tomselected)";
  let loading = null;

  function loadLibrary() {
    if (window.TomSelect) return Promise.resolve();
    if (loading) return loading;
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = me.dataset.css;
    document.head.appendChild(css);
    loading = new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = me.dataset.js;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function enhance(select) {
    if (select.tomselect) return;  // the first scan and htmx:load may both reach it
    const url = select.dataset.autocomplete;
    const plugins = select.multiple ? ["remove_button"] : (select.required ? [] : ["clear_button"]);
    new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      plugins: plugins,
      placeholder: select.dataset.placeholder,
      allowEmptyOption: false,  // an empty choice shows the placeholder; the clear button empties it
      maxOptions: 50,
      loadThrottle: 250,
      // The server ranks and filters (accents folded, permissions applied): keep its answer as is.
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        const self = this;
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { self.clearOptions(); callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(select.dataset.noResults || "") + "</div>"; },
      },
    });
  }

  function scan(root) {
    const selects = (root || document).querySelectorAll(SELECTOR);
    if (!selects.length) return;
    loadLibrary().then(function () { selects.forEach(enhance); });
  }

  scan(document);
  // Forms swapped in by htmx get the same treatment.
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();

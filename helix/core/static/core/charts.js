// Draws the plotly figures that helix.core.charts.figure_html put in the page: each
// <div data-chart="ID"> gets the figure held in <script type="application/json" id="ID">.
// (plotly's own HTML uses an inline script, which the Content-Security-Policy refuses.)
(function () {
  function draw() {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-chart]").forEach(function (div) {
      if (div.dataset.drawn) return;
      var source = document.getElementById(div.dataset.chart);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      div.dataset.drawn = "1";
      window.Plotly.newPlot(div, spec.figure.data || [], spec.figure.layout || {}, spec.config || {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
})();

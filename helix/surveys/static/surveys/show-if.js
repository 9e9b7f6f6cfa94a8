// Shows a conditional question only when the question it depends on has one of the wanted answers.
(function () {
  var form = document.getElementById("survey-form");
  function answered(id) {
    var box = document.getElementById("question-" + id);
    if (!box || box.hidden) return [];
    return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
  }
  function refresh() {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var wanted = box.dataset.values.split(","), got = answered(box.dataset.showIf);
      box.hidden = !got.some(function (v) { return wanted.indexOf(v) >= 0; });
    });
  }
  form.addEventListener("change", refresh);
})();

// The header menu collapses behind a button on phones (issue 12 §1). Without this script the menu is
// simply shown: the CSS hides the links only once the header carries the "js-menu" class set here.
(function () {
  const header = document.querySelector(".site-header");
  const toggle = document.getElementById("menu-toggle");
  if (!header || !toggle) return;
  header.classList.add("js-menu");
  toggle.addEventListener("click", function () {
    const open = header.classList.toggle("menu-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      header.classList.remove("menu-open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
})();

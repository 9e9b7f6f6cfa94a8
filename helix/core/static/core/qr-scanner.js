// Camera QR scanning for check-in pages, with the browser's native BarcodeDetector (no library).
// Markup: an element with data-qr-scanner="<form id>" holding a [data-scan-start] button, a <video>
// and an optional [data-scan-status]; data-input names the form's code field and data-source (optional)
// a hidden field set to "qr" while a scanned code is submitted. A code is submitted through the same
// form as a typed one (plain POST or htmx); where the browser cannot scan, data-unsupported is shown.
(function () {
  document.querySelectorAll("[data-qr-scanner]").forEach(function (section) {
    const form = document.getElementById(section.dataset.qrScanner);
    const button = section.querySelector("[data-scan-start]");
    const video = section.querySelector("video");
    const status = section.querySelector("[data-scan-status]");
    if (!form || !button || !video) return;
    const input = form.elements[section.dataset.input];
    const source = section.dataset.source ? form.elements[section.dataset.source] : null;
    const say = function (text) { if (status && text) status.textContent = text; };
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
      say(section.dataset.unsupported);
      button.hidden = true;
      button.style.display = "none";  // a .button display rule would override the hidden attribute
      return;
    }
    button.hidden = false;
    let lastCode = "", lastAt = 0;
    button.addEventListener("click", async function () {
      try {
        video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        video.hidden = false;
        await video.play();
        button.style.display = "none";
        const detector = new BarcodeDetector({ formats: ["qr_code"] });
        const tick = async function () {
          const codes = await detector.detect(video).catch(function () { return []; });  // unreadable frame: next
          const now = Date.now();
          // The same ticket held in front of the camera is sent once every 3 s, not 30 times a second.
          if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > 3000)) {
            lastCode = codes[0].rawValue; lastAt = now;
            input.value = lastCode;
            if (source) source.value = "qr";
            if (navigator.vibrate) navigator.vibrate(80);
            form.requestSubmit();
            if (source) source.value = "typed";
          }
          requestAnimationFrame(tick);
        };
        tick();
      } catch (e) {
        say((section.dataset.cameraError || "") + " " + e.message);
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (ev) {
      if (ev.detail.elt === form) { input.value = ""; input.focus(); }
    });
  });
})();

// Camera QR scanning for the check-in page, using the browser's native BarcodeDetector (no library).
// A detected code is submitted through the same form as a typed code (htmx), marked source=qr.
(function () {
  const section = document.getElementById("scanner");
  const button = document.getElementById("scan-start");
  const video = document.getElementById("scan-video");
  const status = document.getElementById("scan-status");
  const form = document.getElementById("code-form");
  const input = document.getElementById("code-input");
  const source = document.getElementById("code-source");
  if (!section || !form) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    status.textContent = section.dataset.unsupported;
    button.style.display = "none";  // .button's display rule would override the hidden attribute
    return;
  }
  let lastCode = "", lastAt = 0;
  button.addEventListener("click", async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      button.style.display = "none";
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      const tick = async () => {
        try {
          const codes = await detector.detect(video);
          const now = Date.now();
          // The same ticket held in front of the camera is sent once every 3 s, not 30 times a second.
          if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > 3000)) {
            lastCode = codes[0].rawValue; lastAt = now;
            input.value = lastCode; source.value = "qr";
            if (navigator.vibrate) navigator.vibrate(80);
            form.requestSubmit();
            source.value = "typed";
          }
        } catch (e) { /* a frame that cannot be read: try the next one */ }
        requestAnimationFrame(tick);
      };
      tick();
    } catch (e) {
      status.textContent = section.dataset.cameraError + " " + e.message;
    }
  });
  document.body.addEventListener("htmx:afterRequest", (ev) => {
    if (ev.detail.elt === form) { input.value = ""; input.focus(); }
  });
})();

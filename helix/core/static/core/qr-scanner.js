// Camera QR scanning for check-in pages: the browser's native BarcodeDetector where there is one (Chrome
// on Android), otherwise the qr-scanner library from its npm package (Safari on iPhone, Firefox), loaded
// from our own static files only when needed (issue 12 §10).
// Markup: an element with data-qr-scanner="<form id>" holding a [data-scan-start] button, a <video>
// and an optional [data-scan-status]; data-input names the form's code field and data-source (optional)
// a hidden field set to "qr" while a scanned code is submitted. A code is submitted through the same
// form as a typed one (plain POST or htmx); where the browser cannot scan, data-unsupported is shown.
(function () {
  // The library sits next to our static files (node_modules served under "vendor/"); its worker is
  // imported relative to it, so both come from this host.
  const LIBRARY = new URL("../vendor/qr-scanner/qr-scanner.umd.min.js", document.currentScript.src).href;
  let loading = null;

  function loadLibrary() {
    if (window.QrScanner) return Promise.resolve(window.QrScanner);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = LIBRARY;
        script.onload = function () { resolve(window.QrScanner); };
        script.onerror = function () { reject(new Error(LIBRARY)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Reads codes from the video with BarcodeDetector; calls found(text) for each frame that has one.
  async function nativeReader(video, found) {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.hidden = false;
    await video.play();
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    const tick = async function () {
      const codes = await detector.detect(video).catch(function () { return []; });  // unreadable frame: next
      if (codes.length) found(codes[0].rawValue);
      requestAnimationFrame(tick);
    };
    tick();
  }

  // The same with the qr-scanner library (it decodes in a web worker).
  async function libraryReader(video, found) {
    const QrScanner = await loadLibrary();
    const scanner = new QrScanner(video, function (result) { found(result.data); }, {
      preferredCamera: "environment",
      returnDetailedScanResult: true,
      maxScansPerSecond: 10,
    });
    video.hidden = false;
    await scanner.start();
  }

  document.querySelectorAll("[data-qr-scanner]").forEach(function (section) {
    const form = document.getElementById(section.dataset.qrScanner);
    const button = section.querySelector("[data-scan-start]");
    const video = section.querySelector("video");
    const status = section.querySelector("[data-scan-status]");
    if (!form || !button || !video) return;
    const input = form.elements[section.dataset.input];
    const source = section.dataset.source ? form.elements[section.dataset.source] : null;
    const say = function (text) { if (status && text) status.textContent = text; };
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(section.dataset.unsupported);
      button.hidden = true;
      button.style.display = "none";  // a .button display rule would override the hidden attribute
      return;
    }
    button.hidden = false;
    let lastCode = "", lastAt = 0;
    const found = function (code) {
      const now = Date.now();
      // The same ticket held in front of the camera is sent once every 3 s, not 30 times a second.
      if (!code || (code === lastCode && now - lastAt <= 3000)) return;
      lastCode = code; lastAt = now;
      input.value = code;
      if (source) source.value = "qr";
      if (navigator.vibrate) navigator.vibrate(80);
      form.requestSubmit();
      if (source) source.value = "typed";
    };
    button.addEventListener("click", async function () {
      try {
        button.style.display = "none";
        await ("BarcodeDetector" in window ? nativeReader : libraryReader)(video, found);
      } catch (e) {
        button.style.display = "";
        say((section.dataset.cameraError || "") + " " + (e && e.message ? e.message : e));
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (ev) {
      if (ev.detail.elt === form) { input.value = ""; input.focus(); }
    });
  });
})();

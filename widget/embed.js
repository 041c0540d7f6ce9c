// The iframe form's side of the framing page's API (`/embed/{token}` loads it after its one
// <flowdeck-preview>). The framing page hears, through `message` events whose `data.source` is
// "flowdeck":
//   { type: "screen", screen, screens }   a screen was drawn (its id; every screen's id and title)
//   { type: "resize", height }            the page's height in CSS pixels, to size the iframe
//   { type: "error", message }            the flow could not be shown
// and may send the iframe `{ source: "flowdeck", type: "show", screen: "SCREEN_ID" }`.
// Only screen names and sizes leave the frame: the flow is shared read-only already.
(() => {
  "use strict";
  const preview = document.querySelector("flowdeck-preview");
  const framer = window.parent;
  if (!preview || framer === window) return;
  const tell = (message) => framer.postMessage({ source: "flowdeck", ...message }, "*");

  preview.addEventListener("flowdeck-screen", (event) => {
    tell({ type: "screen", screen: event.detail.screen, screens: event.detail.screens });
  });
  preview.addEventListener("flowdeck-error", (event) => tell({ type: "error", message: event.detail.message }));

  let height = 0;
  new ResizeObserver(() => {
    // The content's own height, not the frame's (scrollHeight never drops below the viewport).
    const now = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (now !== height) tell({ type: "resize", height: (height = now) });
  }).observe(document.body);

  window.addEventListener("message", (event) => {
    const asked = event.data;
    if (event.source !== framer || !asked || asked.source !== "flowdeck") return;
    if (asked.type === "show" && typeof asked.screen === "string" && preview.flow) preview.show(asked.screen);
  });
})();

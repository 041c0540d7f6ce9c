// Flowdeck's embeddable preview. A page needs only
//   <script src="https://flowdeck.example/widget/flowdeck-widget.js"></script>
// and one or more of
//   <flowdeck-preview src="https://example.com/flow.json"></flowdeck-preview>
//   <flowdeck-preview><script type="application/json">{ …Flow JSON… }</script></flowdeck-preview>
//   <flowdeck-preview share="TOKEN"></flowdeck-preview>   (a share link of that Flowdeck server)
// A page can call `element.show("SCREEN_ID")`, and hears each drawing as a `flowdeck-screen`
// event (`detail`: the screen's id and every screen's id and title) and each failure as a
// `flowdeck-error` event (`detail.message`); both bubble out of the shadow root.
// The rest (the wasm, its glue, the styles) is loaded from next to this script. The Flowdeck
// server that serves this script checks the flow and renders its screen (POST
// /api/render-screen); each element draws it into a shadow root of its own, so the page's styles
// and the preview's never mix. The drawing is done by the wasm (widget/src/lib.rs), which puts
// every flow text in as text.
(() => {
  "use strict";
  if (customElements.get("flowdeck-preview")) return;
  const here = document.currentScript && document.currentScript.src;
  if (!here) {
    console.error("flowdeck-widget.js must be loaded with a plain <script src> tag");
    return;
  }
  const asset = (name) => new URL(name, here).href;
  let core;
  const loadCore = () => {
    core ??= import(asset("flowdeck-widget-core.js")).then(async (module) => {
      await module.default({ module_or_path: asset("flowdeck-widget-core_bg.wasm") });
      return module;
    });
    return core;
  };

  async function flowText(element) {
    const share = element.getAttribute("share");
    const src = element.getAttribute("src");
    if (share) {
      const url = new URL(`/api/shared/${encodeURIComponent(share)}`, here);
      const response = await fetch(url, { credentials: "omit" });
      if (response.status === 404) throw new Error("This share link does not exist or was revoked.");
      if (!response.ok) throw new Error(`Flowdeck answered ${response.status} for the share link.`);
      const body = await response.json();
      return { text: body.data.json_text, name: body.data.name };
    }
    if (src) {
      const url = new URL(src, document.baseURI);
      let response;
      try {
        response = await fetch(url, { credentials: "omit" });
      } catch {
        throw new Error(`Could not fetch ${url.href} (is the server up, and does it allow this site with CORS?).`);
      }
      if (!response.ok) throw new Error(`Fetching ${url.href} answered ${response.status} ${response.statusText}.`);
      return { text: await response.text(), name: null };
    }
    const inline = element.querySelector('script[type="application/json"]');
    if (inline) return { text: inline.textContent, name: null };
    throw new Error(
      'Nothing to show: give <flowdeck-preview> a src="…" URL of Flow JSON, or the Flow JSON in a child <script type="application/json">.',
    );
  }

  // The screen (the first, or `screen`) as the Flowdeck server renders it, with the flow's screen
  // names (JSON text), or an Error saying why not.
  async function renderedScreen(text, screen) {
    let response;
    try {
      response = await fetch(new URL("/api/render-screen", here), {
        method: "POST",
        credentials: "omit",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ flow_json: text, screen }),
      });
    } catch {
      throw new Error("Could not reach the Flowdeck server that serves this widget.");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || body.status !== "success") {
      throw new Error((body && body.error && body.error.message) || `Flowdeck answered ${response.status}.`);
    }
    return JSON.stringify(body.data);
  }

  class FlowdeckPreview extends HTMLElement {
    static get observedAttributes() {
      return ["src", "share"];
    }

    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        const style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = asset("flowdeck-widget.css");
        this.mount = document.createElement("div");
        this.mount.className = "flowdeck-widget";
        root.append(style, this.mount);
      }
      this.load();
    }

    attributeChangedCallback() {
      if (this.mount) this.load();
    }

    async load() {
      // Loading and showing count separately: a screen asked for meanwhile never cancels a new
      // flow, and a new flow cancels any older load.
      const loading = (this.loading = (this.loading || 0) + 1);
      // Connected while the parser is still inside the element: its children are not there yet.
      if (document.readyState === "loading") {
        await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
      }
      let flow, failure;
      try {
        flow = await flowText(this);
      } catch (error) {
        failure = error.message;
      }
      if (loading !== this.loading) return; // a newer src replaced this one
      this.flow = flow;
      if (flow) {
        await this.show(this.pending);
      } else {
        this.showing = (this.showing || 0) + 1; // nothing older may draw over the error
        await this.fail(failure);
      }
    }

    announce(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }

    // Shows `message` in the element, by the wasm or, when even that did not load, as plain text.
    async fail(message) {
      try {
        (await loadCore()).show_error(this.mount, message);
      } catch {
        this.mount.textContent = message;
      }
      this.dataset.state = "error";
      this.announce("flowdeck-error", { message });
    }

    // Draws the flow's screen `screen` (the first when undefined); asked before the flow has
    // loaded, it is the screen shown first.
    async show(screen) {
      const flow = this.flow;
      if (!flow) {
        this.pending = screen;
        return;
      }
      this.pending = undefined;
      const showing = (this.showing = (this.showing || 0) + 1);
      let rendered, core, failure;
      try {
        [rendered, core] = await Promise.all([renderedScreen(flow.text, screen), loadCore()]);
      } catch (error) {
        failure = error.message;
      }
      if (showing !== this.showing || flow !== this.flow) return; // asked for something newer meanwhile
      if (!rendered) return this.fail(failure);
      core.render(this.mount, rendered, flow.name, (id) => this.show(id));
      this.dataset.state = "rendered";
      const { screen: shown, screens } = JSON.parse(rendered);
      this.announce("flowdeck-screen", { screen: shown.id, screens });
    }
  }

  customElements.define("flowdeck-preview", FlowdeckPreview);
})();

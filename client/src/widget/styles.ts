/**
 * The widget's own styles: the launcher and the panel frame. The chat inside the panel is styled
 * by the chat page's stylesheet (app.css), linked from the server.
 *
 * Applied as a constructable stylesheet rather than a <style> element: a host page with a strict
 * `style-src` (no 'unsafe-inline') blocks <style> but not adoptedStyleSheets, and this keeps
 * widget.js a single file (checked in Chromium by test/client/widget.e2e.test.ts).
 *
 * Every :host declaration is !important because, across a shadow boundary, the host page's
 * normal rules beat ours but our important rules beat the host page's important ones: this is
 * what makes `* { all: unset }` or `div { display: none !important }` on the host page harmless.
 */
export const WIDGET_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: static !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  filter: none !important;
}
:host([data-mode="launcher"]) { width: 0 !important; height: 0 !important; overflow: visible !important; }
:host([data-mode="inline"]) { width: 100% !important; height: 100% !important; }

.sw {
  --sw-accent: var(--sourcier-accent, #1d5ba6);
  --sw-on-accent: #ffffff;
  --sw-bg: #ffffff;
  --sw-fg: #1c2330;
  --sw-muted: #5b6474;
  --sw-border: #d6dbe3;
  --sw-shadow: 0 12px 40px rgba(16, 24, 40, 0.22), 0 2px 6px rgba(16, 24, 40, 0.12);
  color-scheme: light dark;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.45;
  color: var(--sw-fg);
  text-align: left;
  direction: ltr;
}
@media (prefers-color-scheme: dark) {
  .sw { --sw-bg: #161b22; --sw-fg: #e6e9ef; --sw-muted: #a3abb8; --sw-border: #313a47; }
}
.sw *, .sw *::before, .sw *::after { box-sizing: border-box; }
.sw [hidden] { display: none !important; }

.sw-launcher {
  position: fixed;
  bottom: 20px;
  z-index: 2147483000;
  display: inline-flex;
  align-items: center;
  gap: 8px;
  min-height: 48px;
  max-width: calc(100vw - 40px);
  padding: 0 20px 0 16px;
  border: 0;
  border-radius: 24px;
  background: var(--sw-accent);
  color: var(--sw-on-accent);
  font-family: inherit;
  font-size: 15px;
  font-weight: 600;
  line-height: 1;
  box-shadow: var(--sw-shadow);
  cursor: pointer;
}
.sw-launcher:hover { filter: brightness(1.08); }
.sw-launcher:focus-visible { outline: 3px solid var(--sw-accent); outline-offset: 3px; }
/* On the accent-coloured header an accent outline would be invisible. */
.sw-close:focus-visible { outline: 3px solid var(--sw-on-accent); outline-offset: -4px; }
.sw-launcher svg { width: 22px; height: 22px; flex: none; }
.sw-launcher span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sw[data-position="right"] .sw-launcher, .sw[data-position="right"] .sw-panel { right: 20px; }
.sw[data-position="left"] .sw-launcher, .sw[data-position="left"] .sw-panel { left: 20px; }

.sw-panel {
  position: fixed;
  bottom: 84px;
  z-index: 2147483001;
  display: flex;
  flex-direction: column;
  width: 420px;
  height: min(640px, calc(100vh - 104px));
  border: 1px solid var(--sw-border);
  border-radius: 14px;
  background: var(--sw-bg);
  box-shadow: var(--sw-shadow);
  overflow: hidden;
}
/* Inline: fill the host element if it has a height, else take 480 px, and let the chat scroll
   inside rather than grow the host page by the length of the conversation. */
.sw[data-mode="inline"] { position: relative; height: 100%; min-height: 480px; }
.sw[data-mode="inline"] .sw-panel {
  position: absolute;
  inset: 0;
  width: auto;
  height: auto;
  box-shadow: none;
}
.sw-header {
  display: flex;
  align-items: center;
  gap: 8px;
  padding: 10px 10px 10px 16px;
  border-bottom: 1px solid var(--sw-border);
  background: var(--sw-accent);
  color: var(--sw-on-accent);
}
.sw-title { flex: 1; margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3; }
.sw-close {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 36px;
  height: 36px;
  border: 0;
  border-radius: 8px;
  background: transparent;
  color: inherit;
  font: inherit;
  font-size: 22px;
  line-height: 1;
  cursor: pointer;
}
.sw-close:hover { background: rgba(255, 255, 255, 0.16); }
.sw-body { position: relative; display: flex; flex-direction: column; flex: 1; min-height: 0; overflow: auto; background: var(--sw-bg); }
/* The chat scrolls its own conversation and keeps its composer in view; it needs a definite height. */
.sw-chat { flex: 1; min-height: 0; height: 100%; }
/* The panel's header already names the assistant; the chat's own heading would repeat it. */
.sw-chat .sc-brand { display: none; }

.sw-notice { margin: 0; padding: 24px 20px; }
.sw-notice h3 { margin: 0 0 8px; font-size: 16px; }
.sw-notice p { margin: 0 0 8px; color: var(--sw-muted); }
.sw-notice code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; color: var(--sw-fg); }
.sw-notice[data-kind="not-allowed"] { border-left: 4px solid #b42318; }

/* Phone, upright or sideways: the panel takes the whole screen, so nothing scrolls sideways and
   the conversation keeps a usable height. */
@media (max-width: 520px), (max-height: 480px) {
  .sw[data-mode="launcher"] .sw-panel {
    inset: 0;
    width: auto;
    height: auto;
    border: 0;
    border-radius: 0;
  }
  .sw-launcher { bottom: 16px; }
  .sw[data-position="right"] .sw-launcher { right: 16px; }
  .sw[data-position="left"] .sw-launcher { left: 16px; }
}
/* A printed intranet page shows the page, not the assistant. */
@media print { .sw { display: none; } }
@media (prefers-reduced-motion: no-preference) {
  .sw-panel:not([hidden]) { animation: sw-in 140ms ease-out; }
  @keyframes sw-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
}
`

// The Flow JSON editor: CodeMirror 6 behind a small API for the Rust component
// (frontend/src/components/code_editor.rs). build.mjs bundles it into one ES module, which
// the app imports only when an editor is shown.
//
// createEditor(parent, {doc, dark, onChange(text), onCursor(line, col), onSave()}) returns a
// handle with setDoc, getDoc, setDiagnostics, goto, focus, setDark and destroy. Lines and
// columns are 1-based and count characters, as the validator reports them (positions.js).

import { basicSetup, EditorView } from "codemirror";
import { Compartment, EditorSelection, EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { json } from "@codemirror/lang-json";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

import { offsetOf, positionOf, toLintDiagnostics } from "./positions.js";

const LABEL = "Flow JSON editor";

/** What both themes share: the app's monospace font, and an editor that fills its box. */
const base = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px" },
  // The component's box draws the focus ring (style/main.css, .code-editor:focus-within).
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    lineHeight: "1.55",
  },
  ".cm-tooltip-lint": { maxWidth: "36em" },
  ".cm-diagnostic": { padding: "4px 8px 4px 10px" },
  ".cm-diagnosticSource": { fontSize: "85%", opacity: "0.75", marginTop: "2px" },
});

/** One theme: the editor's colours, and the colours of JSON's tokens. */
function theme(colours, dark) {
  const editor = EditorView.theme(
    {
      // colorScheme gives the scrollbars and the search panel's controls the same mode.
      "&": { color: colours.text, backgroundColor: colours.background, colorScheme: dark ? "dark" : "light" },
      ".cm-content": { caretColor: colours.cursor },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: colours.cursor },
      "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
        { backgroundColor: colours.selection },
      ".cm-activeLine": { backgroundColor: colours.activeLine },
      ".cm-gutters": { backgroundColor: colours.gutter, color: colours.gutterText, borderRight: `1px solid ${colours.line}` },
      ".cm-activeLineGutter": { backgroundColor: colours.activeLine, color: colours.text },
      "&.cm-focused .cm-matchingBracket": { backgroundColor: colours.bracket, outline: `1px solid ${colours.bracketOutline}` },
      ".cm-searchMatch": { backgroundColor: colours.match },
      ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: colours.matchSelected },
      ".cm-panels": { backgroundColor: colours.gutter, color: colours.text },
      ".cm-panels.cm-panels-top": { borderBottom: `1px solid ${colours.line}` },
      ".cm-panels.cm-panels-bottom": { borderTop: `1px solid ${colours.line}` },
      ".cm-textfield": { backgroundColor: colours.background, color: colours.text, border: `1px solid ${colours.line}` },
      ".cm-tooltip": { backgroundColor: colours.tooltip, color: colours.text, border: `1px solid ${colours.line}` },
      ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: colours.selection, color: colours.text },
      ".cm-foldPlaceholder": { backgroundColor: colours.activeLine, color: colours.gutterText, border: "none" },
    },
    { dark },
  );
  const highlight = HighlightStyle.define([
    { tag: tags.propertyName, color: colours.property },
    { tag: tags.string, color: colours.string },
    { tag: tags.number, color: colours.number },
    { tag: [tags.bool, tags.null], color: colours.keyword },
    { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: colours.punctuation },
    { tag: tags.invalid, color: colours.invalid },
  ]);
  return [editor, syntaxHighlighting(highlight)];
}

// The app's palette (style/main.css): its green for keys, dark ink on white, and the
// sidebar's deep green for the dark theme. Both keep text contrast above 4.5:1.
const light = theme(
  {
    text: "#14201b", background: "#ffffff", cursor: "#14201b", selection: "#cfe8dd",
    activeLine: "#f3f8f5", gutter: "#f5f7f6", gutterText: "#56645e", line: "#dfe5e2",
    bracket: "#e3f4ed", bracketOutline: "#8cc9ad", match: "#fff0b3", matchSelected: "#ffd966",
    tooltip: "#ffffff", property: "#0a6348", string: "#a3361b", number: "#1d4ed8",
    keyword: "#7c3aed", punctuation: "#55635d", invalid: "#b42318",
  },
  false,
);
const dark = theme(
  {
    text: "#dbe7e1", background: "#0f1d18", cursor: "#e8f2ed", selection: "#2b4a3e",
    activeLine: "#16281f", gutter: "#0c1814", gutterText: "#7d918a", line: "#24382f",
    bracket: "#1f3a2f", bracketOutline: "#4fae86", match: "#4a4220", matchSelected: "#6e5f1c",
    tooltip: "#132520", property: "#6fd3a8", string: "#f2a97e", number: "#8fb8ff",
    keyword: "#c8a6ff", punctuation: "#9aaba4", invalid: "#ff8a80",
  },
  true,
);

/** Calls `callback` if the page gave one, so a failing callback cannot break the editor. */
function notify(callback, ...args) {
  if (typeof callback !== "function") return;
  try {
    callback(...args);
  } catch (error) {
    console.error("Flow JSON editor: a callback failed", error);
  }
}

/** The smallest change that turns `old` into `text`, so the cursor and undo stay sensible. */
function minimalChange(old, text) {
  let start = 0;
  const shortest = Math.min(old.length, text.length);
  while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { from: start, to: oldEnd, insert: text.slice(start, newEnd) };
}

/**
 * Mounts an editor in `parent`. `onChange(text)` runs after every change of the text,
 * whoever made it (typing, undo, setDoc); `onCursor(line, col)` when the cursor moves;
 * `onSave()` on Ctrl-S / Cmd-S while the editor has focus.
 */
export function createEditor(parent, options = {}) {
  const { onChange, onCursor, onSave } = options;
  const colours = new Compartment();
  let cursor = null;

  const reportCursor = (state) => {
    const place = positionOf(state.doc, state.selection.main.head);
    if (cursor && cursor.line === place.line && cursor.column === place.column) return;
    cursor = place;
    notify(onCursor, place.line, place.column);
  };

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: String(options.doc ?? ""),
      extensions: [
        // Split lines at "\n" only: the text comes back byte for byte ("\r" stays), and lines
        // are counted as the validator counts them.
        EditorState.lineSeparator.of("\n"),
        Prec.highest(keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (notify(onSave), true) }])),
        basicSetup,
        json(),
        lintGutter(),
        base,
        colours.of(options.dark ? dark : light),
        EditorView.contentAttributes.of({ "aria-label": LABEL, tabindex: "0" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) notify(onChange, update.state.doc.toString());
          if (update.docChanged || update.selectionSet) reportCursor(update.state);
        }),
      ],
    }),
  });

  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      const change = minimalChange(view.state.doc.toString(), String(text));
      if (change.from === change.to && change.insert === "") return;
      view.dispatch({ changes: change, userEvent: "input.replace" });
    },
    setDiagnostics(diagnostics) {
      const list = toLintDiagnostics(view.state.doc, Array.from(diagnostics ?? []));
      view.dispatch(setDiagnostics(view.state, list));
    },
    goto(line, column) {
      const offset = offsetOf(view.state.doc, line, column);
      view.dispatch({
        selection: EditorSelection.cursor(offset),
        effects: EditorView.scrollIntoView(offset, { y: "center" }),
      });
      view.focus();
    },
    focus: () => view.focus(),
    setDark(on) {
      view.dispatch({ effects: colours.reconfigure(on ? dark : light) });
    },
    destroy: () => view.destroy(),
  };
}

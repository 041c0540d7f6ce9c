// Places in the text as Flowdeck's validator reports them, and as CodeMirror needs them.
//
// The validator (shared/src/json.rs, `LineIndex`) counts lines from 1, split at "\n" only,
// and columns from 1 in Unicode characters (scalar values). CodeMirror counts offsets from 0
// in UTF-16 code units, so a character outside the Basic Multilingual Plane, such as an
// emoji, is one column but two code units. No imports: `node --test` runs this file as it is.

/** Whether the UTF-16 code units at `index` in `text` are a surrogate pair (one character). */
function isPairAt(text, index) {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** The UTF-16 index in `text` of the character `chars` characters in, clamped to the end. */
export function charsToUnits(text, chars) {
  let units = 0;
  for (let seen = 0; seen < chars && units < text.length; seen++) {
    units += isPairAt(text, units) ? 2 : 1;
  }
  return units;
}

/** How many characters the first `units` UTF-16 code units of `text` hold. */
export function unitsToChars(text, units) {
  let chars = 0;
  for (let index = 0; index < units && index < text.length; chars++) {
    index += isPairAt(text, index) ? 2 : 1;
  }
  return chars;
}

/**
 * The document offset of a 1-based line and character column. Places past the end of a
 * line or of the document are clamped to that end: the text may have changed since it
 * was validated.
 */
export function offsetOf(doc, line, column) {
  const number = Math.trunc(Number(line)) || 1;
  if (number > doc.lines) return doc.length;
  const { from, text } = doc.line(Math.max(1, number));
  return from + charsToUnits(text, Math.max(0, (Math.trunc(Number(column)) || 1) - 1));
}

/** The 1-based line and character column of a document offset. */
export function positionOf(doc, offset) {
  const { number, from, text } = doc.lineAt(offset);
  return { line: number, column: unitsToChars(text, offset - from) + 1 };
}

/**
 * Flowdeck diagnostics (`{from_line, from_col, to_line, to_col, severity, message,
 * source}`) as CodeMirror lint diagnostics (`{from, to, severity, message, source}`).
 */
export function toLintDiagnostics(doc, diagnostics) {
  return diagnostics.map((diagnostic) => {
    const from = offsetOf(doc, diagnostic.from_line, diagnostic.from_col);
    const to = offsetOf(doc, diagnostic.to_line, diagnostic.to_col);
    return {
      from,
      to: Math.max(from, to),
      severity: diagnostic.severity === "warning" ? "warning" : "error",
      message: String(diagnostic.message ?? ""),
      source: diagnostic.source ? String(diagnostic.source) : undefined,
    };
  });
}

// `node --test frontend/editor/positions.test.mjs`, a step of `cargo xtask test`: the mapping
// between the validator's places and CodeMirror's offsets, on CodeMirror's own document type
// (from tools/node_modules, as the bundle uses it).

import assert from "node:assert/strict";
import { test } from "node:test";

import { Text } from "../../tools/node_modules/@codemirror/state/dist/index.js";
import { charsToUnits, offsetOf, positionOf, toLintDiagnostics, unitsToChars } from "./positions.js";

// The editor splits lines at "\n" only (EditorState.lineSeparator), as the validator does.
const doc = (text) => Text.of(text.split("\n"));

test("columns count characters, so an emoji is one column and two code units", () => {
  assert.equal(charsToUnits("a😀b", 0), 0);
  assert.equal(charsToUnits("a😀b", 1), 1);
  assert.equal(charsToUnits("a😀b", 2), 3);
  assert.equal(charsToUnits("a😀b", 3), 4);
  assert.equal(charsToUnits("a😀b", 99), 4);
  assert.equal(unitsToChars("a😀b", 3), 2);
  assert.equal(unitsToChars("a😀b", 4), 3);
  // Characters of the Basic Multilingual Plane are one code unit, like ASCII.
  assert.equal(charsToUnits("çé", 2), 2);
});

test("a place after an emoji lands on the same character the validator means", () => {
  const text = '{\n  "title": "Hi 😀", "x": tru\n}';
  const lines = doc(text);
  // Line 2, column 25 is the "t" of "tru": 24 characters precede it on its line.
  const offset = offsetOf(lines, 2, 25);
  assert.equal(text.slice(offset, offset + 3), "tru");
  assert.deepEqual(positionOf(lines, offset), { line: 2, column: 25 });
});

test("places past the end of a line or of the text are clamped", () => {
  const lines = doc("ab\ncd");
  assert.equal(offsetOf(lines, 1, 40), 2);
  assert.equal(offsetOf(lines, 9, 1), 5);
  assert.equal(offsetOf(lines, 0, 0), 0);
  assert.equal(offsetOf(lines, "2", "2"), 4);
});

test("a carriage return is part of its line, as the validator counts it", () => {
  const lines = doc("a\r\nb");
  assert.equal(lines.lines, 2);
  assert.equal(offsetOf(lines, 2, 1), 3);
  assert.deepEqual(positionOf(lines, 1), { line: 1, column: 2 });
});

test("diagnostics become lint diagnostics with ordered offsets and known severities", () => {
  const lines = doc('{"a": "😀", "b": 1}');
  // "b" is columns 12 to 15 (end exclusive); the emoji before it makes that offsets 12 to 15.
  const [error, warning] = toLintDiagnostics(lines, [
    { from_line: 1, from_col: 12, to_line: 1, to_col: 15, severity: "error", message: "bad", source: "Meta" },
    { from_line: 1, from_col: 5, to_line: 1, to_col: 2, severity: "warning", message: "odd", source: "" },
  ]);
  assert.deepEqual(error, { from: 12, to: 15, severity: "error", message: "bad", source: "Meta" });
  assert.equal('{"a": "😀", "b": 1}'.slice(error.from, error.to), '"b"');
  assert.deepEqual(warning, { from: 4, to: 4, severity: "warning", message: "odd", source: undefined });
});

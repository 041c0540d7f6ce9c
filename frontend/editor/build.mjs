// Bundles the Flow JSON editor (flowdeck-editor.js and CodeMirror from tools/node_modules)
// into one ES module, frontend/editor/bundle/flowdeck-editor-<hash>.js.
//
// Trunk runs this before every build (the pre_build hook in Trunk.toml); Trunk copies the
// folder into dist/editor/bundle/, and frontend/build.rs tells the app the file's name. The
// hash is of the content, because the server caches every asset for a year. Release builds
// are minified. An unchanged bundle is not written again, so `trunk serve` does not loop.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tools = join(here, "..", "..", "tools");
const out = join(here, "bundle");
const NAME = /^flowdeck-editor-[0-9a-f]+\.js$/;

let esbuild;
try {
  esbuild = createRequire(join(tools, "package.json"))("esbuild");
} catch (error) {
  console.error(
    `The editor bundle needs esbuild from ${join(tools, "node_modules")}, which is missing ` +
      `(${error.message}). Run \`npm ci --prefix tools\` (\`cargo xtask run\` does it).`,
  );
  process.exit(1);
}

const release = process.env.TRUNK_PROFILE === "release";
const result = await esbuild.build({
  entryPoints: [join(here, "flowdeck-editor.js")],
  nodePaths: [join(tools, "node_modules")],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: release,
  legalComments: "none",
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].contents;
const name = `flowdeck-editor-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;

mkdirSync(out, { recursive: true });
for (const old of readdirSync(out)) {
  if (NAME.test(old) && old !== name) rmSync(join(out, old));
}
if (!existsSync(join(out, name))) writeFileSync(join(out, name), code);
console.log(`editor bundle: frontend/editor/bundle/${name} (${code.length} bytes)`);

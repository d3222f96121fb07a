// Build the web page into the Python package: bundle JS + CSS with esbuild, copy index.html.
// Run through scripts/build-web.sh (which also rebuilds the boundary layers).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const out = new URL("../src/sitrep/web/static/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
rmSync(`${out}images`, { recursive: true, force: true });
await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["chrome110", "firefox110", "safari16"],
  outdir: out,
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "images/[name]-[hash]",
  publicPath: "/static",
  legalComments: "linked",
  logLevel: "info",
});
copyFileSync("src/index.html", `${out}index.html`);
// the bundled libraries' licences travel with the bundle
mkdirSync(`${out}licenses`, { recursive: true });
copyFileSync("node_modules/leaflet/LICENSE", `${out}licenses/leaflet-LICENSE.txt`);
copyFileSync("node_modules/leaflet.markercluster/MIT-LICENCE.txt", `${out}licenses/leaflet.markercluster-LICENSE.txt`);

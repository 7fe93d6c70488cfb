// Bundles the browser code with esbuild into public/dist and prints each file's size, raw and
// gzipped (the figure README quotes).
import { build, type Plugin } from 'esbuild'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/** Output name (without extension) → source. One line per bundle. */
export const ENTRIES: Array<{ out: string; in: string }> = [
  { out: 'app', in: 'client/src/main.ts' },
  { out: 'app', in: 'client/src/styles/app.css' },
  { out: 'widget', in: 'client/src/widget.ts' },
  // The Word export: loaded by the page and the widget only when first used (chat/docx-loader.ts).
  { out: 'docx', in: 'client/src/docx.ts' },
  // The staff view at /admin (issue 13).
  { out: 'admin', in: 'client/src/admin/main.ts' },
  { out: 'admin', in: 'client/src/admin/admin.css' },
]

const OUTDIR = 'public/dist'

/**
 * The browser validates what it receives with the contract's zod/mini schemas. zod keeps its
 * settings on `globalThis.__zod_globalConfig`: on a host page that would be a second global besides
 * `window.Sourcier`, shared with whatever zod the page runs. Each bundle gets its own instead, set
 * to `jitless` so that zod never probes `new Function` (a strict host CSP reports the probe as a
 * violation even though zod catches it).
 */
const zodScope: Plugin = {
  name: 'zod-scope',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]core[\\/](core|registries)\.js$/ }, async (args) => ({
      contents: `const globalThis = { __zod_globalConfig: { jitless: true } };\n${await readFile(args.path, 'utf8')}`,
      loader: 'js',
    }))
  },
}

const result = await build({
  entryPoints: ENTRIES,
  outdir: OUTDIR,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodScope],
})

const rows = await Promise.all(
  Object.keys(result.metafile.outputs).map(async (file) => {
    const bytes = await readFile(file)
    return { file: path.relative(OUTDIR, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  }),
)
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
for (const r of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  console.log(`${r.file.padEnd(14)} ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(8)} gzipped`)
}

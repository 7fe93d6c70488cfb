// Bundles the browser code with esbuild into public/dist. The chat client (issue 6) and the
// widget (issue 7) add their entry points here.
import { build } from 'esbuild'

await build({
  entryPoints: { app: 'client/src/main.ts', widget: 'client/src/widget.ts' },
  outdir: 'public/dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  sourcemap: false,
  logLevel: 'warning',
})

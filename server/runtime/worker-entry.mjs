// Worker threads start from plain JavaScript: this registers tsx's loader in the new thread (the
// main thread's loader does not carry over under every runner), then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')

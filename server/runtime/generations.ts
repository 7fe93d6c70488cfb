/**
 * What every engine host shares about reloads: they run one at a time and in the order asked
 * (an upload followed by a delete must not be applied the other way round), a failed one does not
 * block the next, and listeners hear each new version once it is the one serving.
 */
export interface Generations<T> {
  /** Starts at 1, +1 per completed reload. */
  readonly version: number
  reload(next: T): Promise<void>
  onReload(listener: (version: number) => void): void
  /** Called by the host's swap once the new generation serves: bumps the version, tells listeners. */
  advance(): void
  /** Resolves once no reload is under way (for close). */
  settled(): Promise<void>
}

export function createGenerations<T>(swap: (next: T) => Promise<void>): Generations<T> {
  let version = 1
  let reloading: Promise<void> = Promise.resolve()
  const listeners: Array<(version: number) => void> = []
  return {
    get version() {
      return version
    },
    reload(next) {
      const run = reloading.then(() => swap(next))
      // A failed reload must not block the next one.
      reloading = run.catch(() => undefined)
      return run
    },
    onReload(listener) {
      listeners.push(listener)
    },
    advance() {
      version++
      for (const listener of listeners) listener(version)
    },
    settled: () => reloading,
  }
}

/**
 * Options given by an embedding page over their defaults. A field given as `undefined` keeps its
 * default: pages build option objects from their own settings (`{ title: cfg.title }`), and a
 * plain spread would let a missing setting erase « Sourcier » or the storage key.
 */
export function withDefaults<T extends object>(defaults: T, given: Partial<T>): T {
  const out = { ...defaults }
  for (const [key, value] of Object.entries(given)) if (value !== undefined) (out as Record<string, unknown>)[key] = value
  return out
}

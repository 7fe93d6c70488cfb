import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withDefaults } from '../../client/src/chat/defaults.ts'

describe('withDefaults', () => {
  const defaults = { title: 'Sourcier', storageKey: 'sourcier.chat', compact: false, server: undefined as string | undefined }

  it('regression: chat-option-undefined-erases-default — a field given as undefined keeps its default', () => {
    expect(withDefaults(defaults, { title: undefined, compact: true })).toEqual({ ...defaults, compact: true })
  })

  it('takes every defined field given, falsy ones included, and leaves the defaults object alone', () => {
    fc.assert(
      fc.property(
        fc.record({ title: fc.option(fc.string(), { nil: undefined }), compact: fc.option(fc.boolean(), { nil: undefined }) }),
        (given) => {
          const out = withDefaults(defaults, given)
          expect(out.title).toBe(given.title ?? 'Sourcier')
          expect(out.compact).toBe(given.compact ?? false)
          expect(defaults.title).toBe('Sourcier')
        },
      ),
    )
  })
})

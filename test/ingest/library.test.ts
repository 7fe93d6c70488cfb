// The document library over the real Store, on SQLite and PostgreSQL: uploads are stored, served
// after a reload, refused without changing anything, and picked up by a second server (replica)
// sharing the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../server/storage/types.ts'
import { createDocumentLibrary, type DocumentLibrary } from '../../server/ingest/library.ts'
import { parseUploadMeta } from '../../server/ingest/meta.ts'
import type { Corpus } from '../../server/corpus/types.ts'
import { SourcierError } from '../../server/errors.ts'
import { FIXTURE_META, makeCorruptPdf, makeReportDocx, makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import { BACKENDS, testStore } from '../helpers/databases.ts'

const shipped: Corpus = {
  documents: [
    {
      id: 'idm-2005',
      title: 'Cohérence',
      shortTitle: 'IDM',
      publisher: 'OIM',
      year: 2005,
      file: 'a.txt',
      language: 'fr',
      numbered: true,
      anomalies: [],
      paragraphs: [
        {
          id: 'idm-2005-p1',
          documentId: 'idm-2005',
          n: 1,
          number: 1,
          label: '§ 1',
          section: [],
          kind: 'body',
          text: 'La gestion des migrations.',
          notes: [],
        },
      ],
    },
  ],
  skipped: [],
}

const meta = (fields: Record<string, unknown> = {}) => parseUploadMeta({ ...FIXTURE_META, id: 'saisonniers', ...fields })

async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof SourcierError) return err.code
    throw err
  }
  return 'accepted'
}

for (const backend of BACKENDS) {
  describe(`document library (${backend})`, () => {
    let db: Awaited<ReturnType<typeof testStore>>
    let store: Store
    let library: DocumentLibrary
    const served: Corpus[] = []
    let pdf: Buffer

    beforeAll(async () => {
      pdf = await makeReportPdf()
      db = await testStore(backend)
      store = db.store
      library = await createDocumentLibrary({ shipped, store, reload: async (c) => void served.push(c) }, { pollMs: 0 })
    })
    afterAll(async () => {
      library.close()
      await db.cleanup()
    })

    it('adds a PDF: stored, then served with the shipped corpus, pages kept', async () => {
      const stages: string[] = []
      const result = await library.add({ bytes: pdf, fileName: 'rapport.pdf', meta: meta() }, (p) => stages.push(p.stage))
      expect(result).toMatchObject({ id: 'saisonniers', pages: 3, paragraphs: 10 })
      expect(stages).toEqual(['read', 'read', 'read', 'parse', 'done', 'index', 'indexed'])
      const corpus = served.at(-1)!
      expect(corpus.documents.map((d) => d.id)).toEqual(['idm-2005', 'saisonniers'])
      expect(corpus.documents[1]!.paragraphs.find((p) => p.number === 3)!.pages).toEqual({ first: 1, last: 2 })
      expect((await store.listDocuments()).map((r) => [r.id, r.format, r.fileName])).toEqual([['saisonniers', 'pdf', 'rapport.pdf']])
      expect(await store.documentFile('saisonniers')).toEqual(new Uint8Array(pdf))
    })

    it('refuses a duplicate id, a shipped id and a corrupt file without changing anything', async () => {
      const before = [served.length, await store.documentsVersion()]
      expect(await refused(library.add({ bytes: pdf, fileName: 'rapport.pdf', meta: meta() }))).toBe('duplicate_id')
      expect(await refused(library.add({ bytes: pdf, fileName: 'rapport.pdf', meta: meta({ id: 'idm-2005' }) }))).toBe('duplicate_id')
      expect(await refused(library.add({ bytes: makeCorruptPdf(), fileName: 'x.pdf', meta: meta({ id: 'autre' }) }))).toBe('corrupt_file')
      expect([served.length, await store.documentsVersion()]).toEqual(before)
      expect((await store.listDocuments()).map((r) => r.id)).toEqual(['saisonniers'])
    })

    it('replaces metadata only, then the file, then removes; unknown ids are not_found', async () => {
      await library.replace('saisonniers', { meta: { shortTitle: 'Saisonniers', year: 2020 } })
      const renamed = served.at(-1)!.documents[1]!
      expect([renamed.shortTitle, renamed.year, renamed.title, renamed.paragraphs.length]).toEqual([
        'Saisonniers',
        2020,
        FIXTURE_META.title,
        10,
      ])
      const docx = await makeReportDocx()
      expect(await library.replace('saisonniers', { meta: {}, input: { bytes: docx, fileName: 'rapport.docx' } })).toMatchObject({
        pages: null,
      })
      expect(served.at(-1)!.documents[1]!.shortTitle).toBe('Saisonniers')
      expect((await store.listDocuments())[0]!.format).toBe('docx')
      expect(await refused(library.replace('nope', { meta: {} }))).toBe('not_found')
      expect(await refused(library.remove('idm-2005'))).toBe('not_found')
      await library.remove('saisonniers')
      expect(served.at(-1)!.documents.map((d) => d.id)).toEqual(['idm-2005'])
      expect(await refused(library.remove('saisonniers'))).toBe('not_found')
    })

    it('a second server on the same store picks an upload up on its next version check', async () => {
      const replicaServed: Corpus[] = []
      const store2 = await db.another()
      // Without LISTEN/NOTIFY (PostgreSQL would tell the replica at once): the version check alone.
      const replica = await createDocumentLibrary(
        { shipped, store: { ...store2, watchDocuments: undefined }, reload: async (c) => void replicaServed.push(c) },
        { pollMs: 0 },
      )
      try {
        expect(await replica.sync()).toBe(false)
        await library.add({ bytes: pdf, fileName: 'rapport.pdf', meta: meta({ id: 'replique' }) })
        expect(await replica.sync()).toBe(true)
        expect(replicaServed.at(-1)!.documents.map((d) => d.id)).toEqual(['idm-2005', 'replique'])
      } finally {
        replica.close()
        await store2.close()
      }
    })
  })
}

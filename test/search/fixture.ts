// A two-document corpus of short excerpts (OIM 2006, SG 2008), enough to exercise ranking.
import type { Corpus, CorpusDocument, Paragraph } from '../../server/corpus/types.ts'

function doc(id: string, year: number, texts: Array<[string, Paragraph['kind'], string[]]>): CorpusDocument {
  return {
    id,
    title: `Document ${id}`,
    shortTitle: id,
    publisher: 'OIM',
    year,
    file: `${id}.txt`,
    language: 'fr',
    numbered: true,
    anomalies: [],
    paragraphs: texts.map(([text, kind, section], i) => ({
      id: `${id}-p${i + 1}`,
      documentId: id,
      n: i + 1,
      number: i + 1,
      label: `§ ${i + 1}`,
      section,
      kind,
      text,
      notes: [],
    })),
  }
}

export const FIXTURE: Corpus = {
  skipped: [],
  documents: [
    doc('oim', 2006, [
      ['Les transferts de fonds', 'heading', []],
      [
        'Les transferts de fonds des migrants vers les pays d’origine dépassent l’aide publique au développement.',
        'body',
        ['Les transferts de fonds'],
      ],
      [
        'Le coût des transferts de fonds reste élevé ; réduire les frais des envois de fonds aide les familles.',
        'body',
        ['Les transferts de fonds'],
      ],
      ['L’exode des compétences prive les pays d’origine de médecins et d’infirmiers.', 'body', ['Exode des compétences']],
    ]),
    doc('sg', 2008, [
      ['Le Forum mondial sur la migration et le développement (FMMD) s’est réuni à Bruxelles en 2007.', 'body', []],
      [
        'La migration, le développement, les fonds et les transferts sont discutés ailleurs, longuement, avec les coûts et les pays.',
        'body',
        [],
      ],
      ['Photo : Marie Dupont et Jean Martin, transferts de fonds, Bruxelles 2007', 'caption', []],
    ]),
  ],
}

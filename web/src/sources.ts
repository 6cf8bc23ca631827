/**
 * Where a number comes from, for people: the five source documents (000-004) with title,
 * publisher and date, and a parameter's source note ("003:L665-666", "aanname: ...") as a short
 * code for the panel and a sentence for a tooltip. In Dutch the sentence names the documents and
 * says "aanname"; the notes in the scenario files are English, so only English shows them whole.
 */
import type { I18n } from './i18n/index.js';

export const DOCUMENTS = ['000', '001', '002', '003', '004'] as const;

/** The citations in a source note: document and lines ("003", "665-666"). */
export function citations(source: string): { doc: string; lines: string }[] {
  return [...source.matchAll(/\b(00[0-4]):L(\d+(?:-L?\d+)?)/g)].map((m) => ({ doc: m[1]!, lines: m[2]!.replace('-L', '-') }));
}

const isAanname = (source: string) => source.trim().toLowerCase().startsWith('aanname') || /\(aanname\)|; aanname/i.test(source);

/** A document for people: "Dock4& Organisatieadvies, Versterkingskansen keten Jonge Kind Nijmegen (september 2019)". */
export function documentText(doc: string, t: I18n): string {
  return t.t('source.document', { by: t.t(`doc.${doc}.by`), title: t.t(`doc.${doc}.title`), date: t.t(`doc.${doc}.date`) });
}

/** The short form next to a lever: the citations ("003:L665-666"), or "aanname" when there are none. */
export function sourceShort(source: string, t: I18n): string {
  const cs = citations(source);
  if (cs.length === 0) return isAanname(source) ? t.t('levers.aanname') : '';
  return cs.map((c) => `${c.doc}:L${c.lines}`).join(', ');
}

/** The source as a sentence (tooltips, the assumptions table). */
export function sourceLong(source: string, t: I18n): string {
  const cs = citations(source).map((c) => t.t('source.cite', { document: documentText(c.doc, t), lines: c.lines }));
  const parts = [...cs];
  // The files mark an assumption with the Dutch word; English says it in English.
  if (t.lang === 'en') parts.push(source.replace(/^aanname\b/i, 'assumption').replace(/\baanname\b/gi, 'assumption'));
  else if (isAanname(source)) parts.push(t.t('source.aanname'));
  return [...new Set(parts)].join('; ');
}

/**
 * Words that give away the other language (issue 23.5: one language at a time). Used by the
 * locale test (test/web/i18n.test.ts) and the browser test of the rendered app. Domain terms stay
 * Dutch in English (wijkteam, beschikking, MDO, ...): they are not in these lists.
 */
export const ENGLISH_WORDS = ['the', 'and', 'with', 'without', 'weeks', 'months', 'years', 'share', 'slots', 'places', 'expected', 'found', 'waiting', 'wait', 'baseline', 'calibrated', 'assumption', 'than', 'which', 'from', 'this', 'that', 'these', 'would', 'should', 'each', 'every', 'about', 'staff', 'cost', 'care', 'first', 'right', 'level', 'number', 'families', 'help', 'scenarios', 'changed'];
export const DUTCH_WORDS = ['de', 'het', 'een', 'en', 'van', 'met', 'zonder', 'weken', 'maanden', 'jaar', 'aandeel', 'plekken', 'verwacht', 'gevonden', 'wachttijd', 'kosten', 'gezinnen', 'hulp', 'niet', 'voor', 'door', 'bij', 'naar', 'zijn', 'wordt', 'worden', 'aanname', 'basis', 'aangepast', 'eerste', 'gesprek', 'scenario’s'];

/** Dutch domain terms that stay Dutch in English (as wijkteam and beschikking do), and names. */
export const DOMAIN_PHRASES = ['sociale basis', 'lichte hulp', 'Rijk van Nijmegen', 'Jeugd & Gezin'];

/** Code, not language: paths and file names (with / _ .), options (--equal), commands (ketensim compare); and quotations (a source quotes its document). */
export const withoutCode = (text: string): string => DOMAIN_PHRASES.reduce((x, p) => x.split(p).join(' '), text).replace(/(?<=^|[\s(])('[^'\n]*'|‘[^’\n]*’|"[^"\n]*")(?=[\s).,;:]|$)/gm, ' ').replace(/ketensim [a-z]+/g, ' ').replace(/--\S+(\s+[a-z]+)?/g, ' ').replace(/\S*[/_]\S*|\b\w+\.\w+\S*/g, ' ');

/** The words of `text` that belong to the other language's list, each once. */
export function foreignWords(text: string, list: readonly string[]): string[] {
  const words = new Set(list.map((w) => w.replace(/\?$/, '')));
  const found = new Set<string>();
  for (const m of withoutCode(text).toLowerCase().matchAll(/[\p{L}’']+/gu)) if (words.has(m[0])) found.add(m[0]);
  return [...found];
}

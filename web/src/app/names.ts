/**
 * Scenarios as people read them: a short name (at most about 20 characters, for cards, legends and
 * the projector) and a title, in the app's language, by the scenario's name in its file. Shipped
 * scenarios have both in the locale files; an imported one has its own title, shortened.
 */
import type { I18n } from '../i18n/index.js';

/** The longest short name the projector layouts are made for. */
export const SHORT_MAX = 20;

export function shortName(name: string, title: string, t: I18n): string {
  const own = t.tOr(`scen.short.${name}`, '');
  if (own) return own;
  return title.length <= SHORT_MAX ? title : `${title.slice(0, SHORT_MAX - 1).trimEnd()}…`;
}

export function scenarioTitle(name: string, title: string, t: I18n): string {
  return t.tOr(`scen.title.${name}`, title);
}

/** Start the app: from a share link in the address bar if it is valid, else on the defaults (and say why). */
import parsed from 'virtual:ketensim-parsed';
import { MODEL_VERSION } from '../../../src/model/model.js';
import { knownScenarioFile } from '../../../src/scenario/parse.js';
import { addStrings, i18n } from '../i18n/index.js';
import { flowStrings } from '../charts/flow/strings.js';
import { tourStrings } from './tour-strings.js';
import { importStrings } from './import-strings.js';
import { acceptDrops } from './files.js';
import { tourOnStart } from './tour.js';
import { buildScenario, DESIGN_FILES, FILES, restoreImports } from '../scenarios.js';
import { decodeLink, defaultState, type AppState } from '../state.js';
import { problemText } from './issues.js';
import { App } from './app.js';
import type { PrecomputedRecords } from './precomputed.js';

export function startApp(records?: PrecomputedRecords): App {
  // The shipped files as the build parsed them: their YAML is parsed again only for a message.
  for (const [path, data] of Object.entries(parsed)) if (FILES[path] !== undefined) knownScenarioFile(FILES[path], data);
  addStrings(flowStrings);
  addStrings(tourStrings);
  addStrings(importStrings);
  restoreImports();
  let state: AppState = defaultState(DESIGN_FILES);
  let linkMessage = '';
  if (location.hash.startsWith('#s=')) {
    try {
      const d = decodeLink(location.hash, Object.keys(FILES));
      state = d.state;
      if (d.version !== MODEL_VERSION) linkMessage = i18n(state.lang).t('share.versionMismatch', { linkVersion: d.version, version: MODEL_VERSION });
      // Every scenario of the link must build; otherwise nothing of it is applied.
      for (const s of state.slots) buildScenario(s.file, s.overrides);
    } catch (e) {
      const t = i18n(state.lang);
      state = defaultState(DESIGN_FILES);
      linkMessage = t.t('share.invalid', { message: problemText(e, t).replace(/\n/g, '; ') });
    }
  }
  try {
    const app = new App(state, linkMessage, records);
    acceptDrops(app);
    // The tour on a first visit; a share link opens on what was shared (see tourOnStart).
    if (tourOnStart(storage(), location.hash)) app.startTour();
    return app;
  } catch (e) {
    // Whatever went wrong with a state, the app starts on the defaults and says so.
    document.getElementById('app')!.replaceChildren();
    history.replaceState(null, '', location.pathname);
    const app = new App(defaultState(DESIGN_FILES), i18n('nl').t('share.invalid', { message: problemText(e, i18n('nl')) }), records);
    acceptDrops(app);
    return app;
  }
}

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

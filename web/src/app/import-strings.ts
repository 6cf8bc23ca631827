/**
 * Strings of importing several files at once (files.ts: scenarios with the tables they read).
 * Merged into the locale tables by app/start.ts (`addStrings(importStrings)`), as the flow chart's are.
 */
export const importStrings = {
  nl: {
    'import.choose.title': 'Kies een scenario (YAML) samen met de tabellen (CSV) die het leest, of sleep de bestanden samen op de pagina',
    'import.titleMany': '{n} scenario’s importeren',
    'import.addMany': 'Toevoegen als nieuwe scenario’s',
    'import.replaceAll': 'Vergelijk alleen deze {n}',
    'import.fullMany': 'Naast de {n} scenario’s die er staan is geen plaats voor allemaal: vergelijk alleen deze, of annuleer.',
    'import.doneMany': 'Geïmporteerd: {names}',
    'import.invalidMany': 'De bestanden zijn niet toegepast; er is niets toegevoegd:',
    'import.tablesHint': 'Leest het scenario een tabel (zoals wijken.csv)? Kies die dan in één keer samen met het scenario, of sleep ze samen op de pagina.',
    'issue.column': "kolom '{column}': ",
    'issue.table': '{where}: {field}deze tabel kan ketensim niet lezen als tabel van de wijken (zie docs/tables.md)',
  },
  en: {
    'import.choose.title': 'Choose a scenario (YAML) together with the tables (CSV) it reads, or drop the files together on the page',
    'import.titleMany': 'Import {n} scenarios',
    'import.addMany': 'Add as new scenarios',
    'import.replaceAll': 'Compare only these {n}',
    'import.fullMany': 'There is no room for all of them next to the {n} scenarios shown: compare only these, or cancel.',
    'import.doneMany': 'Imported: {names}',
    'import.invalidMany': 'The files were not applied; nothing was added:',
    'import.tablesHint': 'Does the scenario read a table (such as wijken.csv)? Then choose it in one go together with the scenario, or drop them together on the page.',
    'issue.column': "column '{column}': ",
    'issue.table': '{where}: {field}ketensim cannot read this table as a table of wijken (see docs/tables.md)',
  },
};

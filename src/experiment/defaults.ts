/**
 * What ketensim compares when nobody says otherwise (the CLI's `compare`, the web app): the four
 * designs of BRIEF section 2, the Nijmegen 2019 baseline first. File names under scenarios/.
 */
export const DEFAULT_DESIGN_FILES = ['nijmegen-2019-indicatiemodel.yaml', 'geoptimaliseerd-indicatiemodel.yaml', 'brede-basisteams.yaml', 'one-stop-shop.yaml'] as const;

/** The calibration targets of the Nijmegen 2019 baseline (BRIEF section 5), under scenarios/: what `calibrate` and `fit` use unless told. */
export const DEFAULT_TARGETS_FILE = 'nijmegen-2019-doelen.yaml';

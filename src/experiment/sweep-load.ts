/** Loading sweep files from the file system (Node); the checks are in sweep.ts. */
import { fileSource } from '../scenario/load.js';
import { loadSweepFrom, type Sweep } from './sweep.js';

export function loadSweep(file: string): Sweep {
  return loadSweepFrom(fileSource, file);
}

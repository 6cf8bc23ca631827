/** Files the user names: inputs checked to be files, outputs (the event log, the report) checked before the work and written whole. */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';

/** A path the user gave as a file: a folder there is a user error, named as such. */
export function expectFile(file: string, what: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`${file}: expected ${what}, found a folder`);
}

/** Check, before any work is done, that `file` can be written: its folder exists and it is no folder itself. */
export function expectOutputFile(file: string, option: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${option}: expected a file in an existing folder, found no folder ${dir}`);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`${option}: expected a file, found a folder ${file}`);
}

/** Write `text` to `file` whole or not at all; on failure no temporary file stays behind and the error names `file`. */
export function writeOutputFile(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(`${file}: could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

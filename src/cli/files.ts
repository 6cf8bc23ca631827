/** Files the user names: inputs checked to be files, outputs (the event log, the report) checked before the work and written whole. */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { realPath } from '../experiment/journal.js';
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
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const words: Record<string, string> = { ENOSPC: 'no space left on the device', EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'permission denied', EDQUOT: 'disk quota exceeded', EISDIR: 'expected a file, found a folder' };
    throw new UserError(`${file}: could not be written (${words[code] ?? (code || (e as Error).message)})`);
  }
}

/** An output file must not be one of the command's inputs (`--event-log scenario.yaml` overwrote the scenario). */
export function expectNotInput(file: string, option: string, inputs: readonly string[]): void {
  const o = realPath(file);
  for (const i of inputs) {
    if (realPath(i) === o) throw new UserError(`${option} ${file}: expected a file apart from this command's inputs, found one of them (${i}); choose another file`);
  }
}

/** An output file must not be inside a folder the command writes whole (--out), where it would replace a result. */
export function expectOutside(file: string, option: string, dir: string, dirOption: string): void {
  const o = realPath(file);
  const d = realPath(dir);
  if (o === d || o.startsWith(d + sep)) throw new UserError(`${option} ${file}: expected a file outside the ${dirOption} folder ${dir}, which holds the results; choose another file`);
}

/** The report may go into its results folder as report.html or a new file, never over one of the results. */
export function expectNotResult(file: string, dir: string): void {
  const o = realPath(file);
  const d = realPath(dir);
  if (dirname(o) === d && existsSync(o) && o !== join(d, 'report.html')) {
    throw new UserError(`option --out ${file}: expected a new file or a report, found one of the results in ${dir}; choose another file`);
  }
}

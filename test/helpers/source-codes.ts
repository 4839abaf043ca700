/**
 * Every error code the simulator's source can raise, found by reading the source: each upper-case
 * `'A_B'` literal of simulator/ and virtual-reader/ (codes are passed as such literals to the error
 * classes), the one-word codes of the error classes (`super('REPLAYED'`, `code = 'CONFLICT'`), and
 * the codes the trainer UI's browser scripts make themselves (`new Problem(status, 'ANSWER_EMPTY', …)`).
 * Upper-case literals that are no error code are listed in simulator/rules/not-rules.ts (`NOT_CODES`).
 *
 * @example
 * ```ts
 * sourceErrorCodes().has('PIN_WRONG'); // true
 * ```
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { NOT_CODES } from '../../simulator/rules/not-rules.js';

function sourceFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, ext));
    else if (name.endsWith(ext) && !name.endsWith(`.test${ext}`)) out.push(path);
  }
  return out;
}

/** The codes, each with the first file that raises it (relative to the package root). */
export function sourceErrorCodes(): Map<string, string> {
  const root = packageRoot();
  const codes = new Map<string, string>();
  const add = (code: string, file: string): void => {
    if (!(code in NOT_CODES) && !codes.has(code)) codes.set(code, file.slice(root.length + 1));
  };
  for (const dir of ['simulator', 'virtual-reader']) {
    for (const file of sourceFiles(join(root, dir), '.ts')) {
      if (file.includes(join('simulator', 'rules'))) continue; // the rule registry names codes, it raises none
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) add(m[1] as string, file);
      for (const m of text.matchAll(/(?:super\(\s*|code = )'([A-Z][A-Z0-9]+)'/g)) add(m[1] as string, file);
    }
  }
  for (const file of sourceFiles(join(root, 'simulator', 'ui', 'assets', 'js'), '.js')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new Problem\([^,]+,\s*'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) add(m[1] as string, file);
  }
  return codes;
}

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

const root = packageRoot();
const SOURCE_DIRS = ['simulator', 'virtual-reader', 'cli', 'fixtures', 'conformance', 'reports'];

function files(dir: string, pick: (f: string) => boolean): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(files(path, pick));
    else if (pick(name)) out.push(path);
  }
  return out;
}

describe('error codes', () => {
  it('every code raised in the source is documented under docs/', () => {
    const docs = files(join(root, 'docs'), (f) => f.endsWith('.md'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const codes = new Set<string>();
    for (const dir of SOURCE_DIRS) {
      for (const file of files(join(root, dir), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        const text = readFileSync(file, 'utf8');
        // codes passed to error constructors: `..., 'SOME_CODE')` or `super('SOME_CODE', ...`
        for (const m of text.matchAll(/(?:,\s*|super\(\s*)'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'\s*[,)]/g)) codes.add(m[1] as string);
      }
    }
    expect(codes.size).toBeGreaterThan(50);
    const undocumented = [...codes].filter((c) => !new RegExp(`\\b${c}\\b`).test(docs)).sort();
    expect(undocumented).toEqual([]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateApduExamples, RANDOM_MARKER } from './docs-examples.js';

const DOC = fileURLToPath(new URL('../docs/card-apdus.md', import.meta.url));
const BEGIN = '<!-- BEGIN GENERATED EXAMPLES (virtual-reader/docs-examples.ts) -->';
const END = '<!-- END GENERATED EXAMPLES -->';

/** Mask the bytes of lines that differ on every run. */
function stable(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.includes(RANDOM_MARKER) ? line.replace(/^< [0-9A-F ]+/, '< <random>') : line))
    .join('\n');
}

describe('docs/card-apdus.md examples', () => {
  it('are what the code answers', () => {
    const generated = generateApduExamples();
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/card-apdus.md lacks ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    if (process.env['EESZT_WRITE_APDU_EXAMPLES'] === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${generated}\n${doc.slice(end)}`);
      return;
    }
    const current = doc.slice(start + BEGIN.length, end).trim();
    expect(stable(current)).toBe(stable(generated.trim()));
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CARD_CLIENT_ERROR_CODES, renderCardClientErrorTable } from '../../virtual-reader/card-client/error-codes.js';
import { generateCardLoginExamples } from './docs-examples.js';

const DOC = fileURLToPath(new URL('../../docs/card-login.md', import.meta.url));
const BEGIN = '<!-- BEGIN GENERATED EXAMPLES (test/card-login/docs-examples.ts) -->';
const END = '<!-- END GENERATED EXAMPLES -->';
const TABLE_BEGIN = '<!-- BEGIN GENERATED ERROR TABLE (virtual-reader/card-client/error-codes.ts) -->';
const TABLE_END = '<!-- END GENERATED ERROR TABLE -->';

/** The error codes a source file raises: `super('CODE'`, `new SimError('CODE'`, and third-argument codes `}, 'CODE')`. */
function codesIn(file: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:super|SimError|authFailed)\(\s*'([A-Z][A-Z_]+)'/g)) found.add(m[1]!);
  for (const m of text.matchAll(/\},\s*'([A-Z][A-Z_]+)',?\s*\)/g)) found.add(m[1]!);
  return [...found];
}

describe('docs/card-login.md', () => {
  it('shows the messages the code exchanges (EESZT_WRITE_CARD_LOGIN_EXAMPLES=1 rewrites them)', async () => {
    const generated = await generateCardLoginExamples();
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/card-login.md lacks ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    if (process.env['EESZT_WRITE_CARD_LOGIN_EXAMPLES'] === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${generated}\n${doc.slice(end)}`);
      return;
    }
    expect(doc.slice(start + BEGIN.length, end).trim()).toBe(generated.trim());
  });

  it('documents every card client error code with what the HIS should do (EESZT_WRITE_CARD_LOGIN_EXAMPLES=1 rewrites the table)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(TABLE_BEGIN);
    const end = doc.indexOf(TABLE_END);
    expect(start, `docs/card-login.md lacks ${TABLE_BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const table = renderCardClientErrorTable();
    if (process.env['EESZT_WRITE_CARD_LOGIN_EXAMPLES'] === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + TABLE_BEGIN.length)}\n\n${table}\n\n${doc.slice(end)}`);
      return;
    }
    expect(doc.slice(start + TABLE_BEGIN.length, end).trim()).toBe(table);
  });

  it('the table lists every code the card, the card client and the eID server raise', () => {
    const generic = new Set(['JSON_OBJECT_EXPECTED', 'READER_REQUEST_INVALID', 'UNBLOCK_REQUEST_INVALID', 'QUERY_INVALID']);
    const raised = [
      ...codesIn('../../virtual-reader/errors.ts'),
      ...codesIn('../../virtual-reader/card-client/errors.ts'),
      ...codesIn('../../virtual-reader/card-client/cardholder-script.ts'),
      ...codesIn('../../virtual-reader/card-client/card-client.ts'),
      ...codesIn('../../virtual-reader/card-client/card-client-app.ts'),
      ...codesIn('../../virtual-reader/card-client/reader-bench.ts'),
      ...codesIn('../../simulator/eid/server-app.ts'),
      ...codesIn('../../simulator/eid/card-response.ts'),
      ...codesIn('../../simulator/eid/request-package.ts'),
      ...codesIn('../../cli/commands/reader.ts'),
    ].filter((c) => !generic.has(c));
    expect(raised.length).toBeGreaterThan(30);
    expect(raised.filter((c) => !CARD_CLIENT_ERROR_CODES.includes(c))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCliDocs } from './cli-docs.js';
import { packageRoot } from '../simulator/package-root.js';

describe('docs/cli.md', () => {
  it('matches the CLI help texts (run `npm run docs:cli` after changing the CLI)', async () => {
    const onDisk = readFileSync(join(packageRoot(), 'docs', 'cli.md'), 'utf8');
    expect(onDisk).toBe(await renderCliDocs());
  });
});

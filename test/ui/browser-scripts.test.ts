/**
 * The browser scripts are plain JavaScript (served as they are, no build step), so `tsc` of the
 * project does not see them. They carry `// @ts-check` and JSDoc types; this test type-checks
 * them with the DOM library, as the editor does.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { assetsFolder, loadAssets } from '../../simulator/ui/server/assets.js';

describe('browser scripts', () => {
  it('type-check with the DOM library (checkJs)', () => {
    const folder = assetsFolder();
    const files = loadAssets(folder)
      .paths()
      .filter((p) => p.endsWith('.js'))
      .map((p) => join(folder, p));
    const program = ts.createProgram(files, {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}): `;
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    expect(problems).toEqual([]);
  });
});

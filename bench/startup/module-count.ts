/**
 * Preload for bench/startup (`node --import <this file> …`): records every module file the process
 * loads, one `file:` URL a line, in the file named by `EESZT_BENCH_MODULE_LOG` — ES modules through
 * a loader hook (`module-count-hooks.ts`, run on the loader thread), CommonJS ones by wrapping
 * `Module.prototype._compile` here. Lines are appended synchronously before each module runs, so the
 * file holds every module loaded before any answer the process has sent. Only for counting: the
 * hooks slow loading down, so timed runs never use it.
 */
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const log = process.env['EESZT_BENCH_MODULE_LOG'];
if (log !== undefined) {
  register('./module-count-hooks.js', import.meta.url, { data: { log } });
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  proto._compile = function (this: unknown, content: string, filename: string): unknown {
    appendFileSync(log, `${pathToFileURL(filename).href}\n`);
    return compile.call(this, content, filename);
  };
}

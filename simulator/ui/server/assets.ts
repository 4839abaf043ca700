/**
 * The UI's static bundle: the vanilla-JS modules and the stylesheet in `simulator/ui/assets/`,
 * served by the simulator itself (no CDN, no build step). The files are read once, on first use,
 * from the package root, so the same folder serves the source tree (vitest) and `dist/`.
 *
 * @example
 * ```ts
 * const assets = loadAssets();
 * assets.get('js/api.js'); // { body, type: 'text/javascript; charset=utf-8', etag }
 * ```
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { packageRoot } from '../../package-root.js';

/** One static file. */
export interface Asset {
  body: string;
  type: string;
  etag: string;
}

/** The bundle, by path relative to the assets folder (`js/api.js`, `ui.css`). */
export interface AssetBundle {
  get(path: string): Asset | undefined;
  paths(): string[];
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Folder of the static files. */
export function assetsFolder(): string {
  return join(packageRoot(), 'simulator', 'ui', 'assets');
}

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Read every servable file of the assets folder (only known file types). */
export function loadAssets(folder: string = assetsFolder()): AssetBundle {
  const files = new Map<string, Asset>();
  for (const full of walk(folder)) {
    const type = TYPES[extname(full)];
    if (type === undefined) continue;
    const body = readFileSync(full, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    files.set(relative(folder, full).split(sep).join('/'), { body, type, etag });
  }
  return { get: (path) => files.get(path), paths: () => [...files.keys()].sort() };
}

let shared: AssetBundle | undefined;

/** The bundle of the package, loaded once per process. */
export function packageAssets(): AssetBundle {
  shared ??= loadAssets();
  return shared;
}

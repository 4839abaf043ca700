/**
 * Bundle the CLI for start-up speed (issue 16 goal 4): esbuild turns the ~150 ES modules `serve`
 * loaded before its first answer into a few chunks, because Node 20's module loader resolves,
 * reads and compiles every file separately and has no compile cache. Run by `npm run build` after
 * `tsc` (which `npm test` and `npm ci`'s `prepare` run); input is the compiled `dist/cli/bin.js`,
 * so the bundle holds exactly the JavaScript the tests run, and output is `dist/bundle/`.
 *
 * - ES modules for Node 20 with code splitting: every dynamic `import()` (each CLI command, each
 *   lazily mounted service module, the fixture generator, the SQLite store) stays a chunk of its
 *   own, loaded only when used.
 * - Only the packages in {@link BUNDLED_PACKAGES} are bundled; every other one is imported from
 *   `node_modules` at run time, as from `dist/`: packages with native parts (better-sqlite3), those
 *   that read their own files or are reached through `createRequire` (xml-crypto's internals in
 *   `simulator/saml/signed-xml-lookups.ts`, `simulator/core/lazy-require.ts`), and those loaded only
 *   on first use anyway.
 * - Names kept as written (no identifier minification): error classes name themselves from
 *   `new.target.name`. Bundling renames a top-level name that two modules of one chunk share
 *   (`Foo` → `Foo2`), so the build fails if that happens to one of the simulator's own classes
 *   ({@link renamedClasses}). esbuild's `keepNames` would keep them too, but wraps every function
 *   and class in a naming call at start-up, which cost more CPU than bundling saved in part.
 * - Files found relative to a module (package.json, fixtures/default.json, the UI's assets) are
 *   found by walking up from the chunk to the package root, as from `dist/`.
 *
 * Writes `dist/bundle/manifest.json` (inputs' SHA-256, outputs; see `bundle-manifest.ts`).
 * Run: `node dist/cli/bundle/build-bundle.js` (package root as working folder or not).
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../../simulator/package-root.js';
import { BUNDLE_BIN, BUNDLE_DIR, BUNDLE_MANIFEST, fileSha256, type BundleManifest } from './bundle-manifest.js';

/**
 * Packages bundled into the chunks, chosen by measurement (docs/performance.md, Start-up): the ones
 * `serve` imports before its first answer, pure JavaScript, reading no files of their own. hono
 * (28 modules), @hono/node-server (which loads undici's Request/Response through Node itself) and
 * commander together cost ~80 ms of CPU loaded from node_modules.
 */
export const BUNDLED_PACKAGES: readonly string[] = ['hono', '@hono/node-server', 'commander'];

/** The package name of a bare import specifier (`@scope/name/sub` → `@scope/name`, `name/sub` → `name`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The part of esbuild's API the build uses. esbuild is a development dependency loaded only when the
 * build runs (`loadEsbuild`), so the rest of the code base type-checks and its tests run where it is
 * not installed yet (e.g. a copied node_modules); its own types describe the same calls.
 */
interface EsbuildApi {
  version: string;
  build(options: Record<string, unknown>): Promise<{ metafile: { inputs: Record<string, unknown>; outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> } }>;
}

/** An esbuild plugin (the subset used here). */
interface Plugin {
  name: string;
  setup(build: {
    onResolve(options: { filter: RegExp }, callback: (args: { path: string; importer: string }) => { path: string; external?: boolean; namespace?: string } | undefined): void;
    onLoad(options: { filter: RegExp; namespace: string }, callback: () => { contents: string; loader: 'js'; resolveDir: string }): void;
  }): void;
}

/** Import esbuild (a development dependency) for a build. */
async function loadEsbuild(): Promise<EsbuildApi> {
  const id = 'esbuild';
  try {
    return (await import(id)) as EsbuildApi;
  } catch (err) {
    throw new Error(`esbuild is not installed (${err instanceof Error ? err.message : String(err)}); run \`npm install\` (it is a development dependency) before \`npm run build\``);
  }
}

/** esbuild plugin: every bare import of a package not in {@link BUNDLED_PACKAGES} stays an import at run time. */
function externalPackages(bundled: readonly string[]): Plugin {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        return bundled.includes(packageNameOf(args.path)) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * Classes of the simulator's own code that bundling renamed: each `[own name, name in the bundle]`.
 * `ownSources` are the texts of the simulator's input files, `outputs` the texts of the chunks.
 */
export function renamedClasses(ownSources: readonly string[], outputs: readonly string[]): Array<[string, string]> {
  const declared = (texts: readonly string[]): Set<string> => {
    const names = new Set<string>();
    for (const text of texts) for (const m of text.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1] as string);
    return names;
  };
  const own = declared(ownSources);
  const renamed: Array<[string, string]> = [];
  for (const name of declared(outputs)) {
    const base = name.replace(/\d+$/, '');
    if (base !== name && !own.has(name) && own.has(base)) renamed.push([base, name]);
  }
  return renamed;
}

/**
 * What `@hono/node-server` imports from `node:http2`, without loading it at start-up: loading
 * node:http2 cost ~7 % of the bundle's start-up CPU, and the package needs it only to tell an HTTP/2
 * request (`instanceof Http2ServerRequest`) and for one constant when closing an HTTP/2 stream. An
 * HTTP/1 request (`http.IncomingMessage`, every request the simulator's listeners receive) is never
 * an `Http2ServerRequest`, so that answer needs no HTTP/2; anything else is checked against the real
 * class, loaded then. Same answers as the real module.
 */
export const LAZY_HTTP2_SOURCE = `import { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
const requireBuiltin = createRequire(import.meta.url);
let http2;
const real = () => (http2 ??= requireBuiltin('node:http2'));
export class Http2ServerRequest {
  static [Symbol.hasInstance](value) {
    return !(value instanceof IncomingMessage) && value instanceof real().Http2ServerRequest;
  }
}
export const constants = new Proxy({}, { get: (_target, name) => real().constants[name] });
`;

/** esbuild plugin: `node:http2` as imported by @hono/node-server is {@link LAZY_HTTP2_SOURCE}. */
function lazyHttp2ForNodeServer(): Plugin {
  return {
    name: 'lazy-http2-for-node-server',
    setup(b) {
      b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
        /[\\/]node_modules[\\/]@hono[\\/]node-server[\\/]/.test(args.importer) ? { path: 'lazy-http2', namespace: 'eeszt-sim-lazy' } : undefined,
      );
      b.onLoad({ filter: /^lazy-http2$/, namespace: 'eeszt-sim-lazy' }, () => ({ contents: LAZY_HTTP2_SOURCE, loader: 'js', resolveDir: packageRoot() }));
    },
  };
}

/** Build the bundle under `root` and write its manifest; returns the manifest. */
export async function buildBundle(root: string = packageRoot()): Promise<BundleManifest> {
  const outdir = join(root, BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true });
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'eeszt-sim': join(root, 'dist', 'cli', 'bin.js') },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // commander is CommonJS and requires Node's built-ins; esbuild's require shim uses this `require`.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [lazyHttp2ForNodeServer(), externalPackages(BUNDLED_PACKAGES)],
  });
  // Files only: the lazy node:http2 module is virtual (its source is in this build script, an input below).
  const fileInputs = Object.keys(result.metafile.inputs).filter((i) => !i.startsWith('eeszt-sim-lazy:'));
  const ownInputs = fileInputs.filter((i) => !i.startsWith('node_modules/'));
  const renamed = renamedClasses(
    ownInputs.map((i) => readFileSync(join(root, i), 'utf8')),
    Object.keys(result.metafile.outputs).map((o) => readFileSync(join(root, o), 'utf8')),
  );
  if (renamed.length > 0) {
    throw new Error(`bundling renamed ${renamed.map(([a, b]) => `class ${a} to ${b}`).join(', ')} (two modules of one chunk declare the name), which changes its \`name\`; rename one of them`);
  }
  const inputs: Record<string, string> = {};
  for (const input of [...fileInputs, relative(root, fileURLToPath(import.meta.url))].sort()) inputs[input] = fileSha256(join(root, input));
  const outputs = Object.keys(result.metafile.outputs)
    .map((out) => relative(root, join(root, out)))
    .sort();
  const externals = new Set<string>();
  for (const out of Object.values(result.metafile.outputs)) {
    for (const imp of out.imports) if (imp.external) externals.add(imp.path);
  }
  chmodSync(join(root, BUNDLE_BIN), 0o755);
  const manifest: BundleManifest = { esbuild: esbuild.version, bundledPackages: [...BUNDLED_PACKAGES], externals: [...externals].sort(), inputs, outputs };
  writeFileSync(join(root, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildBundle().then(
    (m) => console.log(`bundle: ${BUNDLE_BIN} and ${m.outputs.length - 1} chunks from ${Object.keys(m.inputs).length} files (bundled packages: ${m.bundledPackages.join(', ')})`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

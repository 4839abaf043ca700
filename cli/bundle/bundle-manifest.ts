/**
 * Where the bundled CLI lives and how to tell whether it is current. `npm run build` compiles the
 * TypeScript to `dist/` (the library exports, the tests and the benches use that tree) and then
 * bundles `dist/cli/bin.js` with esbuild into `dist/bundle/` (`cli/bundle/build-bundle.ts`): what
 * `npm start`, the package's `eeszt-sim` bin and the Docker image run. The build writes a manifest
 * next to the bundle: the SHA-256 of every input file it bundled and the list of files it wrote, so
 * a test can refuse a bundle older than the code it was made from, or one missing a chunk.
 *
 * @example
 * ```ts
 * const problems = bundleProblems(packageRoot()); // [] when the bundle matches dist/
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle's folder, relative to the package root. */
export const BUNDLE_DIR = 'dist/bundle';
/** The bundled executable (entry chunk), relative to the package root. */
export const BUNDLE_BIN = `${BUNDLE_DIR}/eeszt-sim.js`;
/** The manifest the build writes next to the bundle, relative to the package root. */
export const BUNDLE_MANIFEST = `${BUNDLE_DIR}/manifest.json`;

/** What the build records about one bundle. */
export interface BundleManifest {
  /** esbuild's version that made the bundle. */
  esbuild: string;
  /** Packages bundled into the chunks (every other package is imported from node_modules at run time). */
  bundledPackages: string[];
  /** What the chunks import at run time from outside the bundle: Node's built-ins and packages (with their subpaths). */
  externals: string[];
  /** Every input file (relative to the package root) with the SHA-256 (hex) of the bytes bundled. */
  inputs: Record<string, string>;
  /** Every file written (relative to the package root). */
  outputs: string[];
}

/** SHA-256 (hex) of a file's bytes. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * What is wrong with the bundle under `root`, one sentence each: missing manifest or output file,
 * or an input that changed since it was bundled. An empty list means the bundle is current.
 */
export function bundleProblems(root: string): string[] {
  const manifestFile = join(root, BUNDLE_MANIFEST);
  if (!existsSync(manifestFile)) return [`${BUNDLE_MANIFEST} is missing: run \`npm run build\``];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
  const problems: string[] = [];
  for (const out of manifest.outputs) {
    if (!existsSync(join(root, out))) problems.push(`${out} is missing from the bundle: run \`npm run build\``);
  }
  for (const [input, sha] of Object.entries(manifest.inputs)) {
    const file = join(root, input);
    if (!existsSync(file)) problems.push(`${input} was bundled but no longer exists: run \`npm run build\``);
    else if (fileSha256(file) !== sha) problems.push(`${input} changed since it was bundled: run \`npm run build\``);
  }
  return problems;
}

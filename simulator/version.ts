/** The package version, read once from package.json at start-up. */
import { readFileSync } from 'node:fs';
import { packageRoot } from './package-root.js';

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string }).version;

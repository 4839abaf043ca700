#!/usr/bin/env node
/** Entry point of the `eeszt-sim` executable. */
import { main } from './main.js';
import { reportCliError } from './cli-error.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportCliError(err);
  },
);

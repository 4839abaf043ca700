/**
 * The reference HIS's adapter entry (docs/adapter.md):
 *
 * - command adapter: `node dist/conformance/reference-his/main.js [--mutant ID] <action>` reads
 *   one JSON request on stdin and prints one JSON result on stdout;
 * - HTTP adapter: `node dist/conformance/reference-his/main.js [--mutant ID] --http PORT`
 *   serves `POST /` with the same JSON, until stopped.
 *
 * `--mutant ID` runs a deliberately broken variant (conformance/mutants).
 *
 * @example
 * ```sh
 * eeszt-sim conform --his-cmd "node dist/conformance/reference-his/main.js"
 * ```
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ADAPTER_ACTIONS, ADAPTER_PROTOCOL, type AdapterRequest, type AdapterResult } from '../adapter/protocol.js';
import { mutantById, MUTANTS } from '../mutants/mutants.js';
import { handleAdapterRequest } from './adapter-handler.js';
import { REFERENCE_POLICY, type HisPolicy } from './policy.js';
import { createReferenceHis } from './reference-his.js';
import { loadState, saveState } from './state-file.js';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => (text += d));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function parseRequest(text: string, action?: string): AdapterRequest {
  const req = JSON.parse(text) as AdapterRequest;
  if (req.protocol !== ADAPTER_PROTOCOL) throw new Error(`unsupported protocol \`${String(req.protocol)}\`; this adapter speaks ${ADAPTER_PROTOCOL}`);
  if (action !== undefined && req.action !== action) throw new Error(`the command line says \`${action}\` but the request says \`${req.action}\``);
  return req;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** Run the entry with arguments; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const mutantId = option(args, '--mutant');
  const mutant = mutantId === undefined ? undefined : mutantById(mutantId);
  if (mutantId !== undefined && mutant === undefined) {
    process.stderr.write(`unknown mutant \`${mutantId}\`; one of ${MUTANTS.map((m) => m.id).join(', ')}\n`);
    return 2;
  }
  const policy: HisPolicy = mutant?.policy ?? REFERENCE_POLICY;
  const name = mutant === undefined ? 'eeszt-sim reference HIS' : `reference HIS, variant ${mutant.id}`;
  const port = option(args, '--http');
  if (port !== undefined) return serveHttp(Number(port), policy, name);
  const action = args.filter((a, i) => !a.startsWith('--') && !['--mutant', '--http'].includes(args[i - 1] ?? '')).at(-1);
  if (action === undefined || !(ADAPTER_ACTIONS as readonly string[]).includes(action)) {
    process.stderr.write(`usage: main.js [--mutant ID] <${ADAPTER_ACTIONS.join('|')}>  (JSON request on stdin)\n       main.js [--mutant ID] --http PORT\n`);
    return 2;
  }
  let result: AdapterResult;
  try {
    const request = parseRequest(await readStdin(), action);
    const state = loadState(request.context.stateDir);
    const his = createReferenceHis({ state, policy, name });
    result = await handleAdapterRequest(his, request);
    saveState(request.context.stateDir, his.state);
  } catch (err) {
    result = { ok: false, error: { code: 'ADAPTER_REQUEST_INVALID', message: (err as Error).message } };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

function serveHttp(port: number, policy: HisPolicy, name: string): Promise<number> {
  const his = createReferenceHis({ policy, name });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      void (async () => {
        let result: AdapterResult;
        try {
          result = await handleAdapterRequest(his, parseRequest(body));
        } catch (err) {
          result = { ok: false, error: { code: 'ADAPTER_REQUEST_INVALID', message: (err as Error).message } };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      process.stdout.write(`reference HIS adapter listening on http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : port}/\n`);
    });
    const stop = (): void => {
      server.close(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

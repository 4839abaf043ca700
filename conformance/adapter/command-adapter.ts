/**
 * The command adapter: for every action the suite runs `<command> <action>` (through the shell,
 * so the command may carry arguments), writes the JSON request to its stdin and reads one JSON
 * result from its stdout. Whatever the command prints on stderr is kept for the report.
 *
 * @example
 * ```ts
 * const adapter = commandAdapter({ command: 'node my-his-adapter.mjs' });
 * await adapter.send(request, 30_000); // runs: node my-his-adapter.mjs login
 * ```
 */
import { spawn } from 'node:child_process';
import type { HisAdapter } from './his-adapter.js';
import { parseAdapterResult, type AdapterRequest, type AdapterResult } from './protocol.js';

/** Options of {@link commandAdapter}. */
export interface CommandAdapterOptions {
  /** The command line; the action is appended as its last argument. */
  command: string;
  /** Working directory (default: the current one). */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** The last non-empty line of stdout that parses as JSON (a command may log before it). */
function lastJson(stdout: string): unknown {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i] as string) as unknown;
    } catch {
      // not this line
    }
  }
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return undefined;
  }
}

/** Create a command adapter. */
export function commandAdapter(options: CommandAdapterOptions): HisAdapter {
  return {
    description: `command: ${options.command}`,
    send(request: AdapterRequest, timeoutMs: number): Promise<AdapterResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(`${options.command} ${request.action}`, {
          shell: true,
          cwd: options.cwd,
          env: { ...process.env, ...options.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        let settled = false;
        const timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          child.kill('SIGKILL');
          reject(new Error(`\`${options.command} ${request.action}\` gave no answer within ${timeoutMs} ms; the adapter must print one JSON result and exit`));
        }, timeoutMs);
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', (err) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(new Error(`cannot run \`${options.command}\`: ${err.message}`));
        });
        child.on('close', (code) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const value = lastJson(stdout);
          if (value === undefined) {
            const tail = stderr.trim().split('\n').slice(-3).join(' | ');
            reject(new Error(`\`${options.command} ${request.action}\` exited with ${code} and printed no JSON result on stdout${tail === '' ? '' : ` (stderr: ${tail.slice(0, 400)})`}`));
            return;
          }
          try {
            resolve(parseAdapterResult(value));
          } catch (err) {
            reject(err as Error);
          }
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify(request));
      });
    },
  };
}

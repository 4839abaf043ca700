/**
 * Who may use the control API: callers on a loopback address, or — when a control token is
 * configured — only callers presenting `Authorization: Bearer <token>` (from any address).
 */
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { Forbidden, Unauthorized } from '../core/errors.js';
import type { SimHonoEnv } from '../core/deps.js';

/** Is this address a loopback address (127.0.0.0/8, ::1, IPv4-mapped loopback)? */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Control API guard. Requests dispatched in-process (`app.request()` in tests, no socket)
 * count as local.
 */
export function controlAccess(controlToken: string | undefined): MiddlewareHandler<SimHonoEnv> {
  return async (c, next) => {
    if (controlToken !== undefined) {
      const header = c.req.header('authorization') ?? '';
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (m === null) {
        throw new Unauthorized('the control API needs `Authorization: Bearer <token>`: this simulator was started with --control-token', {}, 'CONTROL_TOKEN_REQUIRED');
      }
      if (!sameToken((m[1] ?? '').trim(), controlToken)) {
        throw new Forbidden('the control token is wrong; use the token given to --control-token', {}, 'CONTROL_TOKEN_INVALID');
      }
      return next();
    }
    const address = c.env?.incoming?.socket?.remoteAddress;
    if (c.env?.incoming !== undefined && !isLoopback(address)) {
      throw new Forbidden(
        `the control API answers loopback callers only, and ${address ?? 'this caller'} is not one; call it from the simulator's machine, or start the simulator with --control-token and send that token`,
        {},
        'CONTROL_NOT_LOOPBACK',
      );
    }
    return next();
  };
}

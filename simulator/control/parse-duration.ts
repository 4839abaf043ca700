/**
 * Durations for the control API: a number of milliseconds, or a string such as `7h`, `90m`,
 * `45s`, `2d`, `1h30m` or ISO 8601 `PT7H`.
 *
 * @example
 * ```ts
 * parseDuration('7h'); // 25200000
 * ```
 */
import { BadRequest } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parse a duration into milliseconds (negative allowed with a leading `-`). */
export function parseDuration(input: unknown): number {
  if (typeof input === 'number' && Number.isFinite(input)) return input;
  if (typeof input !== 'string' || input.trim() === '') {
    throw new BadRequest('duration missing; give milliseconds or a duration like `7h`, `90m`, `1h30m`, `PT7H`', {}, 'DURATION_INVALID');
  }
  let s = input.trim();
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso !== null && s.length > 1 && s.toUpperCase() !== 'PT') {
    const [, d, h, m, sec] = iso;
    return sign * (Number(d ?? 0) * UNIT_MS.d! + Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(sec ?? 0) * 1000);
  }
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join('') === s) {
    return sign * parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 'ms'] ?? 1), 0);
  }
  if (/^\d+$/.test(s)) return sign * Number(s);
  throw new BadRequest(`duration \`${input}\` is not understood; give milliseconds or a duration like \`7h\`, \`90m\`, \`1h30m\`, \`PT7H\``, {}, 'DURATION_INVALID');
}

import { describe, expect, it } from 'vitest';
import { isLoopback } from './access.js';

describe('isLoopback', () => {
  it('accepts 127/8, ::1 and mapped loopback only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', 'fe80::1', '1127.0.0.1', undefined]) expect(isLoopback(a)).toBe(false);
  });
});

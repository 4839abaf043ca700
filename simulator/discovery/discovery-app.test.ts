import { describe, expect, it } from 'vitest';
import { testSimulator } from '../../test/helpers/sim.js';
import { discoveryDocument } from './discovery-app.js';

describe('discovery answer (serialized once, the clock put in per request)', () => {
  it('is byte for byte the JSON of the discovery document, and follows the clock, the host, the policy and TLS', async () => {
    // real time stands still, so the clock's offset is the same in the answer and in the expectation
    const sim = await testSimulator({ clock: { start: '2026-03-02T08:00:00Z', frozen: true, realTime: () => 1_800_000_000_000 } });
    const expected = (origin: string): string => JSON.stringify(discoveryDocument(sim.deps, sim.modules, origin));
    const get = async (url: string): Promise<Response> => sim.app.request(url);

    const first = await get('http://localhost/.well-known/eeszt-sim');
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.text()).toBe(expected('http://localhost'));

    sim.deps.clock.apply({ advance: 3_600_000 });
    const later = await (await get('http://localhost/.well-known/eeszt-sim')).text();
    expect(later).toBe(expected('http://localhost'));
    expect(JSON.parse(later).clock.now).toBe('2026-03-02T09:00:00.000Z');

    expect(await (await get('http://sim.example:9090/.well-known/eeszt-sim')).text()).toBe(expected('http://sim.example:9090'));
    expect(JSON.parse(await (await get('http://localhost/.well-known/eeszt-sim')).text()).endpoints.discovery).toBe('http://localhost/.well-known/eeszt-sim');

    sim.deps.config.policy = 'lenient';
    sim.deps.config.tls = { portal: 'https://127.0.0.1:1', sts: 'https://127.0.0.1:2', services: 'https://127.0.0.1:3' };
    const changed = JSON.parse(await (await get('http://localhost/.well-known/eeszt-sim')).text());
    expect(changed.policy).toBe('lenient');
    expect(changed.tls.sts).toBe('https://127.0.0.1:2');
    expect(JSON.stringify(changed)).toBe(expected('http://localhost'));
    sim.close();
  });
});

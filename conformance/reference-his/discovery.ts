/**
 * The EESZT discovery document (`GET /.well-known/eeszt-sim`): where every endpoint is, and in
 * TLS mode the HTTPS origins that demand the WAF-SSL client certificate. The reference HIS is
 * configured with this one URL and finds everything else here.
 *
 * @example
 * ```ts
 * const d = await fetchDiscovery('http://127.0.0.1:8080/.well-known/eeszt-sim', 5000);
 * endpointUrl(d, 'sts', true); // https://127.0.0.1:4443/sts
 * ```
 */
import { send } from './http-transport.js';

/** The part of the discovery document a HIS uses. */
export interface Discovery {
  endpoints: Record<string, string>;
  tls: { portal: string; sts: string; services: string } | null;
  certificates: { caBundle: string; stsSigning: string };
  clock: { now: string };
}

/** Read the discovery document. */
export async function fetchDiscovery(url: string, timeoutMs: number): Promise<Discovery> {
  const res = await send({ url, method: 'GET', headers: { accept: 'application/json' }, timeoutMs });
  if (res.status !== 200) throw new Error(`the discovery document at ${url} answered HTTP ${res.status}; check the URL`);
  return JSON.parse(res.body) as Discovery;
}

/** Which TLS listener serves an endpoint: the STS and the eID request service on the STS port, the services on theirs. */
function listenerOf(name: string): 'sts' | 'services' | 'portal' {
  if (name === 'sts' || name.startsWith('eid') && !name.startsWith('eidServer')) return 'sts';
  if (['erecept', 'ebeutalo', 'ehr', 'eprofil', 'esemenykatalogus'].includes(name)) return 'services';
  return 'portal';
}

/**
 * The URL of a named endpoint; with `tls`, on the HTTPS origin of its listener (production
 * ports 4443 for the STS, 5443 for the services, 443 for the portal).
 */
export function endpointUrl(d: Discovery, name: string, tls: boolean): string {
  const url = d.endpoints[name];
  if (url === undefined) throw new Error(`the discovery document names no endpoint \`${name}\``);
  if (!tls) return url;
  if (d.tls === null) throw new Error('TLS was asked for, but this EESZT runs without TLS (discovery `tls` is null); start it with --tls');
  const u = new URL(url);
  return `${d.tls[listenerOf(name)]}${u.pathname}${u.search}`;
}

/**
 * What a check's scenario works with: the HIS (through the adapter, every action recorded with
 * the journal positions around it), the control of the check's own isolated environment, the
 * personas, certificates, and the facts the judge will read.
 *
 * @example
 * ```ts
 * async run(ctx) {
 *   await ctx.setup();
 *   await ctx.login(passwordLogin(ctx.personas.get('doctor-activated')));
 *   await ctx.env.advanceClock('6h');
 *   await ctx.call(ctx.standardCall());
 * }
 * ```
 */
import type { TestPki } from '../../simulator/pki/types.js';
import type { HisAdapter } from '../adapter/his-adapter.js';
import { ADAPTER_PROTOCOL, type AdapterAction, type AdapterParams, type AdapterResult, type AdapterTiming, type CallParams, type LoginParams, type Pkcs12Material } from '../adapter/protocol.js';
import type { AdapterExchange, ScenarioFacts } from '../catalogue/check.js';
import { pkcs12Material } from './credentials.js';
import type { EnvControl } from './env-control.js';
import type { Personas } from './personas.js';
import { PERSONA } from './common.js';

/** The scenario's view. */
export interface ScenarioContext {
  readonly checkId: string;
  readonly env: EnvControl;
  readonly personas: Personas;
  readonly facts: ScenarioFacts;
  readonly timing: AdapterTiming;
  /** The adapter actions so far. */
  readonly exchanges: readonly AdapterExchange[];
  /** The simulator's test PKI (for scenario servers such as the TLS impostor). */
  readonly pki: TestPki;
  /** Give the HIS another discovery URL from the next action on (undefined: the run's own). */
  useDiscovery(url: string | undefined): void;
  /** Start the check at the HIS; with `tls`, the TLS endpoints and this organisation's WAF-SSL certificate. */
  setup(options?: { tlsInstitutionId?: string }): Promise<AdapterResult>;
  login(params: LoginParams): Promise<AdapterResult>;
  call(params: CallParams): Promise<AdapterResult>;
  logout(): Promise<AdapterResult>;
  status(): Promise<AdapterResult>;
  /** The institutional authentication certificate of an institution, as PKCS#12. */
  institutionCertificate(institutionId: string): Pkcs12Material;
  /** An eRecept prescription for a registered patient: a call every doctor may make. */
  standardCall(): CallParams;
}

/** What {@link createScenarioContext} needs. */
export interface ScenarioDeps {
  checkId: string;
  adapter: HisAdapter;
  env: EnvControl;
  personas: Personas;
  pki: TestPki;
  stateDir: string;
  timing: AdapterTiming;
  /** Longest wait for one adapter answer. */
  actionTimeoutMs: number;
}

function masked(action: AdapterAction, params: unknown): Record<string, unknown> {
  const p = structuredClone(params ?? {}) as Record<string, unknown>;
  if (action === 'login') {
    if (p.password !== undefined) p.password = '***';
    if (p.mobilTokenCode !== undefined) p.mobilTokenCode = '***';
    const card = p.card as Record<string, unknown> | undefined;
    if (card?.pin !== undefined) card.pin = '***';
    const cert = p.certificate as Record<string, unknown> | undefined;
    if (cert !== undefined) p.certificate = { file: cert.file, base64: '(PKCS#12)', password: '***' };
  }
  if (action === 'setup') {
    const tls = p.tls as { clientCertificate?: Record<string, unknown> } | null;
    if (tls?.clientCertificate !== undefined) tls.clientCertificate = { file: tls.clientCertificate.file, base64: '(PKCS#12)', password: '***' };
    const sector = p.sectorUser as Record<string, unknown> | undefined;
    if (sector !== undefined) sector.password = '***';
  }
  return p;
}

/** Create a scenario context. */
export function createScenarioContext(deps: ScenarioDeps): ScenarioContext {
  const exchanges: AdapterExchange[] = [];
  let discovery: string | undefined;
  const facts: ScenarioFacts = { timing: deps.timing, secrets: [] };

  async function send<A extends AdapterAction>(action: A, params: AdapterParams[A]): Promise<AdapterResult> {
    const seqBefore = await deps.env.latestSeq();
    const started = performance.now();
    const exchange: AdapterExchange = { action, params: masked(action, params), seqBefore, seqAfter: seqBefore, durationMs: 0 };
    let result: AdapterResult;
    try {
      result = await deps.adapter.send(
        { protocol: ADAPTER_PROTOCOL, action, params, context: { check: deps.checkId, discovery: discovery ?? deps.env.discovery, stateDir: deps.stateDir, simulatorTime: deps.env.simulatorTime().toISOString() } },
        deps.actionTimeoutMs,
      );
      exchange.result = result;
    } catch (err) {
      exchange.failure = (err as Error).message;
      result = { ok: false, error: { code: 'ADAPTER_FAILED', message: exchange.failure } };
    }
    exchange.durationMs = Math.round(performance.now() - started);
    exchange.seqAfter = await deps.env.latestSeq();
    exchanges.push(exchange);
    return result;
  }

  const certificates = new Map<string, Pkcs12Material>();
  const material = (kind: 'waf' | 'institution', institutionId: string): Pkcs12Material => {
    const key = `${kind}-${institutionId}`;
    let m = certificates.get(key);
    if (m === undefined) {
      m = pkcs12Material(kind === 'waf' ? deps.pki.waf(institutionId) : deps.pki.institution(institutionId), deps.stateDir, key);
      certificates.set(key, m);
    }
    return m;
  };

  return {
    checkId: deps.checkId,
    env: deps.env,
    personas: deps.personas,
    facts,
    timing: deps.timing,
    exchanges,
    pki: deps.pki,
    useDiscovery(url) {
      discovery = url;
    },
    setup: (options = {}) => {
      // The HIS's configuration includes the sector user it asks for eID request packages with (seed 003).
      const sector = deps.personas.get(PERSONA.sectorUser);
      facts.secrets?.push(sector.password);
      return send('setup', {
        tls: options.tlsInstitutionId === undefined ? null : { clientCertificate: material('waf', options.tlsInstitutionId) },
        timing: deps.timing,
        sectorUser: { username: sector.username, password: sector.password, institutionId: sector.institutionId, unitCode: sector.unit },
      });
    },
    async login(params) {
      // The user types the code their mobilToken app shows now next to the password: a two-factor
      // login, as patients' data need (seed 003). `mobilTokenCode: ''` asks for a password-only login.
      if (params.method === 'password' && params.user !== undefined && params.mobilTokenCode === undefined) {
        params = { ...params, mobilTokenCode: await deps.env.mobilTokenCode(params.user) };
      }
      if (params.mobilTokenCode === '') {
        const { mobilTokenCode: _none, ...rest } = params;
        params = rest;
      }
      if (params.password !== undefined) facts.secrets?.push(params.password);
      if (params.mobilTokenCode !== undefined) facts.secrets?.push(params.mobilTokenCode);
      if (params.card?.pin !== undefined) facts.secrets?.push(params.card.pin);
      return send('login', params);
    },
    call: (params) => send('call', params),
    logout: () => send('logout', {}),
    status: () => send('status', {}),
    institutionCertificate: (institutionId) => material('institution', institutionId),
    standardCall: () => ({
      service: 'erecept',
      operation: 'IssuePrescription',
      params: { Taj: deps.personas.patientTaj(), Medication: 'Algopyrin 500 mg tabletta', Dosage: 'naponta 3x1' },
    }),
  };
}

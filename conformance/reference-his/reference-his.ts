/**
 * The reference HIS: a small EESZT client that does everything the conformance suite checks the
 * way docs/protocol.md and docs/card-login.md describe it. It is example code for HIS
 * developers: it finds the endpoints in the discovery document, logs in with a password, the
 * institutional certificate or the eID card, keeps the SAML token for its validity and puts it
 * unchanged into every service call, renews it after expiry, retries transient failures a few
 * times with back-off, and stops at once on errors retrying cannot fix.
 *
 * All decisions come from a {@link HisPolicy} (policy.ts); the conformance suite's broken
 * variants each change one of them.
 *
 * @example
 * ```ts
 * const his = createReferenceHis();
 * his.useContext({ check: 'demo', discovery: 'http://127.0.0.1:8080/.well-known/eeszt-sim', stateDir: '/tmp', simulatorTime: new Date().toISOString() });
 * await his.setup({ tls: null, timing: { requestTimeoutMs: 5000, backoffBaseMs: 200, maxAttempts: 4 } });
 * await his.login({ method: 'password', user: 'O50123', password: 'Aktiv-Orvos-1', institution: '01620K', institutionType: 'provider', unit: '016200101' });
 * await his.call({ service: 'erecept', operation: 'IssuePrescription', params: { Taj: '123456788', Medication: 'x', Dosage: 'y' } });
 * ```
 */
import type { AdapterContext, AdapterResult, AdapterTiming, CallParams, LoginParams, SetupParams } from '../adapter/protocol.js';
import { authenticateWithCard, CardLoginError, readPatientCard, requestPackage, type Http } from './card-login.js';
import { cardAdvice } from './card-advice.js';
import { endpointUrl, fetchDiscovery, type Discovery } from './discovery.js';
import { createHisClock, type HisClock } from './his-clock.js';
import { send, TransportError, type HttpRequest, type HttpResponse } from './http-transport.js';
import { REFERENCE_POLICY, type HisPolicy } from './policy.js';
import { HisFailure, withRetry } from './retry.js';
import { readSoapAnswer, soapContentType, soapRequest, xmlText, type SoapAnswer } from './soap.js';
import { cardLoginRequest, certificateLoginRequest, ISSUE_ACTION, passwordLoginRequest, readIssuedToken, type IssuedToken } from './sts.js';
import { securityHeader } from './ws-security.js';

/** A logged-in user. */
export interface Session {
  login: LoginParams;
  /** Username (or the institution id for institutional logins). */
  user: string;
  institutionId: string;
  unitCode: string;
  token: IssuedToken;
}

/** Everything the HIS remembers (a command adapter saves it between actions). */
export interface ReferenceHisState {
  discoveryUrl?: string;
  discovery?: Discovery;
  setup?: SetupParams;
  session?: Session;
  /** The last rID package (kept only so that a broken variant can misuse it). */
  lastRidPackage?: string;
  /** The token of the sector user configured in the HIS (for eID request packages), kept for its validity. */
  sectorUserToken?: IssuedToken;
}

/** Options of {@link createReferenceHis}. */
export interface ReferenceHisOptions {
  state?: ReferenceHisState;
  policy?: HisPolicy;
  clock?: HisClock;
  /** Name shown by `status` (default `eeszt-sim reference HIS`). */
  name?: string;
}

/** The HIS as the adapter drives it. */
export interface ReferenceHis {
  readonly state: ReferenceHisState;
  /** Take the discovery URL and the simulator time of a request. */
  useContext(context: AdapterContext): void;
  setup(params: SetupParams): Promise<AdapterResult>;
  login(params: LoginParams): Promise<AdapterResult>;
  call(params: CallParams): Promise<AdapterResult>;
  logout(): Promise<AdapterResult>;
  status(): Promise<AdapterResult>;
}

const DEFAULT_TIMING: AdapterTiming = { requestTimeoutMs: 10_000, backoffBaseMs: 500, maxAttempts: 4 };
const SERVICE_NAMESPACE = (service: string): string => `urn:eeszt-sim:services:${service}:2026`; // the targetNamespace of each service's WSDL

function failed(err: unknown): AdapterResult {
  if (err instanceof HisFailure) return { ok: false, error: { code: err.code, message: err.message } };
  return { ok: false, error: { code: 'HIS_ERROR', message: err instanceof Error ? err.message : String(err) } };
}

/** Classify an HTTP exchange that did not give a usable SOAP answer. */
function soapFailure(res: HttpResponse, answer: SoapAnswer): HisFailure | undefined {
  if (answer.kind === 'fault') return new HisFailure(answer.code, answer.message, answer.side === 'Receiver');
  if (answer.kind === 'malformed') {
    if (res.status >= 400) return new HisFailure(`HTTP_${res.status}`, `EESZT answered HTTP ${res.status}`, [429, 502, 503, 504].includes(res.status));
    return new HisFailure('MALFORMED_REPLY', answer.message, true);
  }
  return undefined;
}

/**
 * Create the reference HIS.
 *
 * @example
 * ```ts
 * const his = createReferenceHis({ state: JSON.parse(readFileSync(file, 'utf8')) });
 * ```
 */
export function createReferenceHis(options: ReferenceHisOptions = {}): ReferenceHis {
  const state: ReferenceHisState = options.state ?? {};
  const policy = options.policy ?? REFERENCE_POLICY;
  const clock = options.clock ?? createHisClock();
  const timing = (): AdapterTiming => state.setup?.timing ?? DEFAULT_TIMING;
  /** The HIS's own time (the policy may put it off the EESZT clock). */
  const hisNow = (): Date => new Date(clock.now().getTime() + policy.clockOffsetMs);
  const useTls = (): boolean => state.setup?.tls !== null && state.setup?.tls !== undefined;

  async function discovery(): Promise<Discovery> {
    if (state.discovery !== undefined) return state.discovery;
    if (state.discoveryUrl === undefined) throw new HisFailure('NOT_CONFIGURED', 'the HIS does not know the EESZT discovery URL', false);
    state.discovery = await fetchDiscovery(state.discoveryUrl, timing().requestTimeoutMs);
    return state.discovery;
  }

  /** HTTP with the HIS's timeout and, on https URLs, its TLS settings. */
  const http: Http = async (req: Omit<HttpRequest, 'timeoutMs'> & { timeoutMs?: number }) => {
    const d = await discovery();
    const client = state.setup?.tls?.clientCertificate;
    const tls =
      req.url.startsWith('https:')
        ? { ca: d.certificates.caBundle, ...(policy.verifyServerCertificate ? {} : { rejectUnauthorized: false }), ...(client !== undefined && policy.presentClientCertificate ? { pfx: Buffer.from(client.base64, 'base64'), passphrase: client.password } : {}) }
        : undefined;
    try {
      return await send({ ...req, timeoutMs: req.timeoutMs ?? policy.requestTimeoutMs(timing()), ...(tls === undefined ? {} : { tls }) });
    } catch (err) {
      if (err instanceof TransportError) throw new HisFailure(err.kind === 'timeout' ? 'TIMEOUT' : 'CONNECTION_FAILED', err.message, true);
      throw err;
    }
  };

  /** POST a SOAP request (with bounded retries) and return the answer: its Body element as XML, and the raw text. */
  async function soap(url: string, action: string, envelope: () => string): Promise<{ xml: string; text: string }> {
    const once = policy.freshMessagePerAttempt ? undefined : envelope();
    return withRetry(
      async () => {
        const res = await http({ url, method: 'POST', headers: { 'content-type': soapContentType(action) }, body: once ?? envelope() });
        const answer = readSoapAnswer(res.body);
        const failure = soapFailure(res, answer);
        if (failure !== undefined) throw failure;
        return { xml: (answer as { xml: string }).xml, text: res.body };
      },
      { maxAttempts: policy.maxAttempts(timing()), backoffMs: (n) => policy.backoffMs(n, timing()), retryable: (f) => policy.retryable(f) },
    );
  }

  /**
   * The token of the sector user configured in the HIS (seed 003: the eID request package is asked
   * for „a HIS rendszerben beállított ágazati felhasználóval”): a password login at the STS, kept
   * while it is valid.
   */
  async function sectorUserAssertion(): Promise<string> {
    const kept = state.sectorUserToken;
    if (kept !== undefined && policy.reuseToken(kept, hisNow())) return kept.assertion;
    const user = state.setup?.sectorUser;
    if (user === undefined) throw new HisFailure('SECTOR_USER_NOT_CONFIGURED', 'no sector user (ágazati felhasználó) is configured in the HIS; the eID request service needs its token', false);
    const d = await discovery();
    const answer = await soap(endpointUrl(d, 'sts', useTls()), ISSUE_ACTION, () =>
      passwordLoginRequest({ username: user.username, password: user.password, institutionId: user.institutionId, unitCode: user.unitCode, now: hisNow(), timestamp: true }),
    );
    state.sectorUserToken = readIssuedToken(answer.text);
    return state.sectorUserToken.assertion;
  }

  /** Legs 1 and 2 of the card login; card errors are reported, not retried (policy). */
  async function cardRidPackage(institutionId: string, card: { reader: number; pin?: string }): Promise<string> {
    const d = await discovery();
    for (let attempt = 1; ; attempt++) {
      try {
        const pkg = await requestPackage(http, endpointUrl(d, 'eidRequestPackage', useTls()), institutionId, await sectorUserAssertion());
        return await authenticateWithCard(http, endpointUrl(d, 'cardClientAuthenticate', false), pkg, card);
      } catch (err) {
        if (!(err instanceof CardLoginError)) throw err;
        if (attempt < policy.maxCardAttempts && policy.retryCardError(err.code)) continue;
        throw new HisFailure(err.code, `${cardAdvice(err.code, err.message)} (${err.code})`, false);
      }
    }
  }

  /** Get a token for a login (the STS request of its method). */
  async function obtainToken(p: LoginParams): Promise<Session> {
    const d = await discovery();
    const institutionId = policy.institutionId(p.institution, p.institutionType);
    const unitCode = policy.unitCode(p.unit);
    const stsUrl = endpointUrl(d, 'sts', useTls());
    const base = (): { institutionId: string; unitCode: string; now: Date } => ({ institutionId, unitCode, now: hisNow() });
    let envelope: () => string;
    let user: string;
    const code = policy.sendMobilTokenCode && p.mobilTokenCode !== undefined ? { mobilTokenCode: p.mobilTokenCode } : {};
    if (p.method === 'password' || (p.method === 'certificate' && policy.institutionLogin === 'password' && p.user !== undefined && p.password !== undefined)) {
      user = policy.username(p.user ?? '');
      envelope = () => passwordLoginRequest({ ...base(), timestamp: policy.stsTimestamp('password'), username: user, password: p.password ?? '', ...code });
    } else if (p.method === 'certificate') {
      if (p.certificate === undefined) throw new HisFailure('CERTIFICATE_MISSING', 'the certificate login needs the institutional certificate (PKCS#12)', false);
      // node-forge and xml-crypto are loaded only for certificate logins
      const { openPkcs12 } = await import('./pkcs12.js');
      const { signWithCertificate } = await import('./x509-signature.js');
      const { privateKeyPem, certificateBase64 } = openPkcs12(Buffer.from(p.certificate.base64, 'base64'), p.certificate.password);
      user = institutionId;
      envelope = () => certificateLoginRequest({ ...base(), timestamp: true, certificateBase64, sign: (xml, tokenId) => signWithCertificate(xml, privateKeyPem, tokenId) });
    } else {
      user = policy.username(p.user ?? '');
      const card = p.card ?? { reader: 0 };
      const rid = policy.reuseRidPackage && state.lastRidPackage !== undefined ? state.lastRidPackage : await cardRidPackage(institutionId, card);
      state.lastRidPackage = rid;
      envelope = () =>
        cardLoginRequest({ ...base(), timestamp: policy.stsTimestamp('card'), username: user, ridPackageBase64: rid, extraHeaders: policy.cardStsExtraHeaders(card) });
    }
    const answer = await soap(stsUrl, ISSUE_ACTION, envelope);
    const token = readIssuedToken(answer.text); // cut from the raw answer: not a byte may change
    return { login: p, user, institutionId, unitCode, token };
  }

  /** The patient's TAJ from their eSzemélyi (authentic readout), asked for as the configured sector user. */
  async function patientTajFromCard(session: Session, card: { reader: number; pin?: string }): Promise<string> {
    const d = await discovery();
    try {
      const pkg = await requestPackage(http, endpointUrl(d, 'eidRequestPackage', useTls()), session.institutionId, await sectorUserAssertion(), 'readout');
      const readoutUrl = endpointUrl(d, 'cardClientAuthenticate', false).replace(/\/authenticate$/, '/readout');
      return await readPatientCard(http, readoutUrl, pkg, card);
    } catch (err) {
      if (!(err instanceof CardLoginError)) throw err;
      throw new HisFailure(err.code, `${cardAdvice(err.code, err.message)} (${err.code})`, false);
    }
  }

  /** One service call with the session's token. */
  async function serviceCall(session: Session, p: CallParams): Promise<string> {
    const d = await discovery();
    const ns = SERVICE_NAMESPACE(p.service);
    const action = `${ns}/${p.operation}`;
    const bad = [p.operation, ...Object.keys(p.params)].find((name) => !/^[A-Za-z_][\w.-]*$/.test(name));
    if (bad !== undefined) throw new HisFailure('CALL_INVALID', `\`${bad}\` is not an XML element name`, false);
    const fields = Object.entries(p.params).map(([k, v]) => `<op:${k}>${xmlText(v)}</op:${k}>`).join('');
    const body = `<op:${p.operation}Request xmlns:op="${ns}">${fields}</op:${p.operation}Request>`;
    const security = securityHeader([policy.assertionForCall(session.token.assertion)]);
    return (await soap(endpointUrl(d, p.service, useTls()), action, () => soapRequest({ action, security, body }))).xml;
  }

  const his: ReferenceHis = {
    state,
    useContext(context) {
      clock.follow(context.simulatorTime);
      if (state.discoveryUrl !== context.discovery) {
        state.discoveryUrl = context.discovery;
        delete state.discovery;
      }
    },
    async setup(params) {
      state.setup = params;
      delete state.session;
      delete state.lastRidPackage;
      delete state.sectorUserToken;
      delete state.discovery;
      try {
        const d = await discovery();
        if (params.tls !== null && d.tls === null) return { ok: false, error: { code: 'TLS_UNAVAILABLE', message: 'TLS was asked for, but this EESZT has no TLS listeners' } };
        return { ok: true };
      } catch (err) {
        return failed(err);
      }
    },
    async login(params) {
      if (!policy.endSessionOnLogout && state.session !== undefined && state.session.login.method === params.method) {
        return { ok: true, data: { user: state.session.user, institutionId: state.session.institutionId, tokenExpires: state.session.token.notOnOrAfter } };
      }
      try {
        state.session = await obtainToken(params);
        return { ok: true, data: { user: state.session.user, institutionId: state.session.institutionId, tokenExpires: state.session.token.notOnOrAfter } };
      } catch (err) {
        delete state.session;
        return failed(err);
      }
    },
    async call(params) {
      let session = state.session;
      if (session === undefined) return { ok: false, error: { code: 'NOT_LOGGED_IN', message: 'log in first' } };
      try {
        if (!policy.reuseToken(session.token, hisNow())) {
          session = await obtainToken(session.login);
          state.session = session;
        }
        if (params.patientCard !== undefined && policy.identifyPatientByCard) {
          params = { ...params, params: { ...params.params, Taj: await patientTajFromCard(session, params.patientCard) } };
        }
        let response: string;
        try {
          response = await serviceCall(session, params);
        } catch (err) {
          if (!(err instanceof HisFailure && err.code === 'TOKEN_EXPIRED' && policy.renewOnTokenExpired)) throw err;
          session = await obtainToken(session.login); // the clocks disagree: renew once and repeat
          state.session = session;
          response = await serviceCall(session, params);
        }
        return { ok: true, data: { response } };
      } catch (err) {
        return failed(err);
      }
    },
    async logout() {
      if (policy.endSessionOnLogout) delete state.session;
      return { ok: true };
    },
    async status() {
      const s = state.session;
      return {
        ok: true,
        data: {
          loggedIn: s !== undefined,
          ...(s === undefined ? {} : { user: s.user, tokenExpires: s.token.notOnOrAfter }),
          his: { name: options.name ?? 'eeszt-sim reference HIS', version: '1' },
          capabilities: { methods: ['password', 'certificate', 'card'], tls: true },
        },
      };
    },
  };
  return his;
}


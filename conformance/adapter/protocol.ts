/**
 * The HIS adapter protocol (docs/adapter.md), version `eeszt-sim-adapter/1`: the JSON the
 * conformance suite sends to a HIS and the JSON it expects back, whichever way it travels (a
 * command run per action with the request on stdin, or a POST to the HIS's test endpoint).
 * Language-neutral: a Java, .NET or Delphi HIS implements it with its own JSON library.
 *
 * @example
 * ```ts
 * const request: AdapterRequest = {
 *   protocol: ADAPTER_PROTOCOL, action: 'login',
 *   params: { method: 'password', user: 'O50123', password: 'Aktiv-Orvos-1', institution: '01620K', institutionType: 'provider', unit: '016200101' },
 *   context: { check: 'ID-USERNAME', discovery: 'http://127.0.0.1:8080/run/r1/.well-known/eeszt-sim', stateDir: '/tmp/x', simulatorTime: '2026-03-02T08:00:00.000Z' },
 * };
 * ```
 */

/** Protocol name and version, sent in every request. */
export const ADAPTER_PROTOCOL = 'eeszt-sim-adapter/1';

/** The actions a HIS adapter answers. */
export const ADAPTER_ACTIONS = ['setup', 'login', 'call', 'logout', 'status'] as const;
/** One action. */
export type AdapterAction = (typeof ADAPTER_ACTIONS)[number];

/** Where and when: sent with every request. */
export interface AdapterContext {
  /** Id of the check being run (`observe` when a person drives). */
  check: string;
  /** Discovery URL of the EESZT (isolated run) this check uses: the HIS finds every endpoint there. */
  discovery: string;
  /** A scratch folder for this check only (a command adapter keeps its session there between actions). */
  stateDir: string;
  /** The simulator clock when the request was sent; a HIS may use it as its clock (see docs/adapter.md, "Time"). */
  simulatorTime: string;
}

/** A PKCS#12 file (key + certificate + chain), inline and as a file the suite wrote. */
export interface Pkcs12Material {
  /** The file's bytes, base64. */
  base64: string;
  /** Path of the same file in the check's state folder. */
  file: string;
  password: string;
}

/** Timing the suite asks for, so that a run stays short (a HIS in test mode should honour it). */
export interface AdapterTiming {
  /** Give up waiting for one HTTP answer after this long, then treat it as a timeout. */
  requestTimeoutMs: number;
  /** First back-off before a retry; grow it for each further retry. */
  backoffBaseMs: number;
  /** Most attempts of one call (first try included). */
  maxAttempts: number;
}

/** Timing the suite asks the HIS for by default. */
export const DEFAULT_TIMING: AdapterTiming = Object.freeze({ requestTimeoutMs: 1000, backoffBaseMs: 50, maxAttempts: 4 });

/**
 * The sector user (ágazati felhasználó) configured in the HIS, as its EESZT connection settings
 * hold it. Seed 003: „Ágazati felhasználó a HIS rendszerben a HIS rendszerben beállított ágazati
 * felhasználóval EESZT Web szolgáltatás használatával kérést küld az EESZT Back-end felé az eld
 * azonosítás kérés csomag összeállítására”: the HIS logs this user in at the STS and sends its
 * token to the eID request service (`Authorization: SAML <base64>`) for every request package
 * (card login, patient card readout). docs/card-login.md, "Leg 1".
 */
export interface SectorUserConfig {
  /** EESZT username, e.g. `X12345`. */
  username: string;
  password: string;
  /** EESZT institution id, e.g. `E01620K`. */
  institutionId: string;
  /** 9-digit unit code. */
  unitCode: string;
}

/** `setup`: a new check starts; forget every session and use this EESZT. */
export interface SetupParams {
  /** When set, use the TLS endpoints (discovery `tls`) and present this WAF-SSL client certificate. */
  tls: { clientCertificate: Pkcs12Material } | null;
  timing: AdapterTiming;
  /** The sector user configured in the HIS (for eID request packages); a HIS with its own configuration may ignore it. */
  sectorUser?: SectorUserConfig;
}

/** How the user logs in. */
export type LoginMethod = 'password' | 'certificate' | 'card';

/** `login`: log a user in (get a SAML token). */
export interface LoginParams {
  method: LoginMethod;
  /** EESZT username as registered (password and card methods). */
  user?: string;
  /** Password (password method). */
  password?: string;
  /**
   * Password method: the code the user's mobilToken app shows (6 digits), the second factor of a
   * two-factor login („SAML jegy kérése kétfaktoros azonosítással”, seed 003). Patients' data
   * need it: send it with the password (`sim:MobilTokenCode` in the UsernameToken).
   */
  mobilTokenCode?: string;
  /** The institution's registry id as the HIS's configuration holds it: OTH/NNK id (provider) or OGYEI id (pharmacy). */
  institution: string;
  institutionType: 'provider' | 'pharmacy';
  /** The 9-digit ÁNTSZ/NNK permit code of the workstation's organisational unit. */
  unit: string;
  /** Certificate method: the institutional certificate. */
  certificate?: Pkcs12Material;
  /** Card method: which reader; `pin` only when the HIS's own PIN dialog collected it (reader without PIN pad). */
  card?: { reader: number; pin?: string };
}

/** `call`: one operation of an EESZT service, as the logged-in user. */
export interface CallParams {
  /** Service id as in discovery (`erecept`, `ehr`, `ebeutalo`, `eprofil`, `esemenykatalogus`). */
  service: string;
  /** Operation name from the service's WSDL, e.g. `IssuePrescription`. */
  operation: string;
  /** Request fields by element name, e.g. `{ "Taj": "123456788" }`. */
  params: Record<string, string>;
  /**
   * The patient is at the desk with their eSzemélyi in this reader (seed 004: „mind a beteg
   * azonosítására”): identify them by the card's authentic readout (patient's PIN on the reader, or
   * `pin` when the HIS's own dialog collected it) and send the TAJ it certifies as `Taj`, in place of
   * the `Taj` typed at the desk.
   */
  patientCard?: { reader: number; pin?: string };
}

/** Parameters per action. */
export interface AdapterParams {
  setup: SetupParams;
  login: LoginParams;
  call: CallParams;
  logout: Record<string, never>;
  status: Record<string, never>;
}

/** One request. */
export interface AdapterRequest<A extends AdapterAction = AdapterAction> {
  protocol: typeof ADAPTER_PROTOCOL;
  action: A;
  params: AdapterParams[A];
  context: AdapterContext;
}

/** What went wrong, as the HIS saw it. */
export interface AdapterError {
  /** The code EESZT or the card client answered (`PASSWORD_WRONG`, `PIN_BLOCKED`, ...), else `TIMEOUT`, `CONNECTION_FAILED`, `MALFORMED_REPLY`, `HTTP_<status>` or the HIS's own. */
  code: string;
  /** The message the HIS would show its user. */
  message: string;
}

/** The answer to every action. */
export interface AdapterResult {
  ok: boolean;
  error?: AdapterError;
  /** Action-specific data: login `{user, tokenExpires}`, call `{response}`, status `{loggedIn, ...}`. */
  data?: Record<string, unknown>;
}

/** What `status` may tell about the HIS. */
export interface HisCapabilities {
  /** Login methods the HIS supports (default all three); checks of other methods are skipped. */
  methods?: LoginMethod[];
  /** Whether the HIS can use TLS with a client certificate (default true). */
  tls?: boolean;
}

/**
 * Read an adapter's answer, refusing anything that is not one (the message says what is wrong).
 *
 * @example
 * ```ts
 * const result = parseAdapterResult(JSON.parse(stdout)); // throws on {"success":true}
 * ```
 */
export function parseAdapterResult(value: unknown): AdapterResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the adapter answered something other than a JSON object; answer {"ok":true} or {"ok":false,"error":{"code":"…","message":"…"}}');
  const v = value as Record<string, unknown>;
  if (typeof v.ok !== 'boolean') throw new Error('the adapter\'s answer has no boolean `ok`; answer {"ok":true,...} or {"ok":false,...}');
  const out: AdapterResult = { ok: v.ok };
  if (v.error !== undefined) {
    const e = v.error as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.message !== 'string') {
      throw new Error('the adapter\'s `error` must be {"code":"…","message":"…"} with two strings');
    }
    out.error = { code: e.code, message: e.message };
  }
  if (!v.ok && out.error === undefined) throw new Error('the adapter answered {"ok":false} without `error`; say what went wrong: {"ok":false,"error":{"code":"…","message":"…"}}');
  if (v.data !== undefined) {
    if (v.data === null || typeof v.data !== 'object' || Array.isArray(v.data)) throw new Error('the adapter\'s `data` must be a JSON object');
    out.data = v.data as Record<string, unknown>;
  }
  return out;
}

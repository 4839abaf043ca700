/**
 * Patient identification with the patient's eSzemélyi (seed 004: „A belépéshez használható
 * e-Személyi igazolvány mind a beteg azonosítására, mind a rendszert használó orvosok … számára
 * biztonságos azonosítási lehetőséget biztosít”). miniHIS asks for a `readout` request package,
 * the patient's card goes into the reader and the patient types their PIN (the consent), the card
 * client returns the eID server's signed readout package, and miniHIS takes the TAJ from the
 * signed bytes instead of a typed one.
 *
 * | route | does |
 * |---|---|
 * | `POST /minihis/api/patient-card/request` | a readout request package for this session |
 * | `POST /minihis/api/patient-card` | `{ readoutPackage }` → `{ taj, patient, source }` |
 *
 * @example
 * ```ts
 * const start = startPatientReadout(deps, ctx);            // run start.requestPackage with POST /card-client/readout
 * const { taj, patient } = finishPatientReadout(deps, ctx, readoutPackage);
 * ```
 */
import type { Patient } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication, InvalidSecurityToken } from '../core/errors.js';
import { issueRequestPackage } from '../eid/issue-request.js';
import { requestPackageAnswer, type RequestPackageAnswer } from '../eid/request-app.js';
import { verifyRidPackage } from '../eid/rid-package.js';
import { decodeUtf8 } from '../soap/safe-xml.js';
import { useOnce } from '../sts/replay-cache.js';
import type { SessionContext } from './session-context.js';

/** Bucket of the readouts miniHIS started: request nonce → session id. */
export const MINIHIS_PATIENT_READOUTS_BUCKET = 'minihis.patient-readouts';
const USED_BUCKET = 'minihis.patient-readouts.used';

/** Answer of {@link startPatientReadout}. */
export interface PatientReadoutStart extends RequestPackageAnswer {
  cardClient: string;
  next: string;
}

/** Answer of {@link finishPatientReadout}. */
export interface PatientFromCard {
  /** The TAJ read from the chip, certified by the eID server. */
  taj: string;
  /** The patient with this TAJ in the simulator's registry, when there is one. */
  patient: Patient | null;
  source: 'eSzemélyi';
  /** Id of the eID server's readout package. */
  readoutPackageId: string;
}

/** Leg 1: a readout request package for this session's institution. */
export function startPatientReadout(deps: SimDeps, ctx: SessionContext): PatientReadoutStart {
  const pkg = issueRequestPackage(deps, { requester: ctx.session.institutionId, purpose: 'readout' });
  deps.store.bucket<{ sessionId: string; notOnOrAfter: string }>(MINIHIS_PATIENT_READOUTS_BUCKET).set(pkg.nonce, { sessionId: ctx.session.id, notOnOrAfter: pkg.notOnOrAfter.toISOString() });
  return {
    ...requestPackageAnswer(pkg),
    cardClient: `${deps.basePath}/card-client/readout`,
    next: 'put the patient\'s eSzemélyi into the reader, hand `requestPackage` to the card client (POST /card-client/readout {"requestPackage":"…"}); the patient types their PIN; send the `readoutPackage` it returns to POST /minihis/api/patient-card',
  };
}

/**
 * Leg 3: the patient's TAJ from a readout package. Throws `READOUT_PACKAGE_MALFORMED`, the
 * package verification errors (`RID_PACKAGE_*`), `READOUT_NOT_STARTED_HERE` and `REPLAYED`.
 */
export function finishPatientReadout(deps: SimDeps, ctx: SessionContext, readoutPackage: unknown): PatientFromCard {
  if (typeof readoutPackage !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(readoutPackage)) {
    throw new InvalidSecurityToken('`readoutPackage` must be the base64 text the card client returned as `readoutPackage`; send it unchanged', { details: { field: 'readoutPackage' } }, 'READOUT_PACKAGE_MALFORMED');
  }
  const now = deps.clock.now();
  const pkg = verifyRidPackage(decodeUtf8(Buffer.from(readoutPackage, 'base64')), { eidServerCertPem: deps.pki.eidServer.certPem, now, skewSeconds: deps.config.clockSkewSeconds, kind: 'readout' });
  const started = deps.store.bucket<{ sessionId: string }>(MINIHIS_PATIENT_READOUTS_BUCKET).get(pkg.requestNonce);
  if (started === undefined || started.sessionId !== ctx.session.id) {
    throw new FailedAuthentication(
      'this readout package answers a request package this miniHIS session did not ask for; start with POST /minihis/api/patient-card/request and run that package with the patient\'s card',
      { details: { requestNonce: pkg.requestNonce } },
      'READOUT_NOT_STARTED_HERE',
    );
  }
  useOnce(deps, USED_BUCKET, pkg.requestNonce, pkg.notOnOrAfter.getTime(), 'readout package');
  const taj = pkg.readout?.taj;
  if (taj === undefined) {
    throw new FailedAuthentication('the card holds no TAJ (EF.PersonalData has none); identify the patient by the TAJ on their TAJ card instead', {}, 'READOUT_WITHOUT_TAJ');
  }
  const patient = deps.store.state.patients.find((p) => p.taj === taj) ?? null;
  return { taj, patient, source: 'eSzemélyi', readoutPackageId: pkg.id };
}

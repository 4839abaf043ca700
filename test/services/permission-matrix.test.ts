/**
 * The whole EESZT permission matrix, end to end: every cell (write / read / list × the five
 * services × each actor) is its own test case, called over SOAP with a real STS token.
 *
 * The expected table below is written out by hand from seed 003 ("EESZT felhasználói"), in its
 * words (institution, doctor, treating doctor, pharmacy); it deliberately does not use
 * `PERMISSION_MATRIX`, so a mistake in the simulator's data makes these tests fail. Who of the
 * test's people counts as which "who" is written out separately (`ACTS_AS`), from seed 002: a
 * doctor holding only ORVOS in a unit reports for the institution from it („A V-MÁTRIX
 * beállításon belül elegendő az Orvos (ORVOS) szerepkört kiválasztanod … amelyik alól jelenteni
 * fogsz”), so every doctor with ORVOS also acts as "institution" (docs/services.md).
 * Every person logs in with two factors (password + mobilToken code), as the strict policy needs.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { callService, elementNames, institutionToken, requestBody, textIn, userToken, type ServiceAnswer } from './support/service-client.js';

type Service = 'esemenykatalogus' | 'ehr' | 'eprofil' | 'erecept' | 'ebeutalo';
type Access = 'write' | 'read' | 'list';
type Actor = 'institution' | 'treatingDoctor' | 'otherDoctor' | 'pharmacy' | 'nurse';
/** The "who" of seed 003's table. */
type Who = 'institution' | 'doctor' | 'treatingDoctor' | 'pharmacy';

/** Who is allowed, per cell, written out from seed 003's table. `[]` = n/a (no such query). */
const EXPECTED: Record<Service, Record<Access, Who[]>> = {
  esemenykatalogus: { write: ['institution'], read: ['treatingDoctor'], list: ['treatingDoctor'] },
  ehr: { write: ['institution'], read: ['treatingDoctor'], list: ['treatingDoctor'] },
  eprofil: { write: ['doctor'], read: ['treatingDoctor'], list: [] },
  erecept: { write: ['doctor'], read: ['treatingDoctor', 'pharmacy'], list: ['treatingDoctor'] },
  ebeutalo: { write: ['doctor'], read: ['institution'], list: ['institution'] },
};

/** Which "who" each of the test's people is (a doctor with ORVOS reports for the institution, seed 002). */
const ACTS_AS: Record<Actor, Who[]> = {
  institution: ['institution'],
  treatingDoctor: ['institution', 'doctor', 'treatingDoctor'],
  otherDoctor: ['institution', 'doctor'],
  pharmacy: ['pharmacy'],
  nurse: [],
};
const NOT_AVAILABLE: ReadonlyArray<[Service, Access]> = [['eprofil', 'list']];

/** The actors, and where their tokens come from. */
const ACTOR_SEATS: Record<Actor, { label: string; seat?: { username: string; institutionId: string; unitCode: string }; certificate?: { institutionId: string; unitCode: string } }> = {
  institution: { label: 'institution E30217B (institutional certificate, system user X90001)', certificate: { institutionId: 'E30217B', unitCode: '302170101' } },
  treatingDoctor: { label: 'treating doctor O50123 at E30217B', seat: { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' } },
  otherDoctor: { label: 'doctor O75339 at E40515F (no care event there)', seat: { username: 'O75339', institutionId: 'E40515F', unitCode: '911831937' } },
  pharmacy: { label: 'pharmacy P012345 (pharmacist G12345)', seat: { username: 'G12345', institutionId: 'P012345', unitCode: '123450001' } },
  nurse: { label: 'nurse S12345 at E01620K', seat: { username: 'S12345', institutionId: 'E01620K', unitCode: '016200101' } },
};

const PATIENT = '123456788';
/**
 * The patient the other doctor writes for: a write of theirs (a care event above all) must not
 * make their institution a treating one of PATIENT, whose reads and lists are judged.
 */
const OTHER_PATIENT = '037182540';

/** Request builders per service, independent of the simulator's spec objects. */
const CALLS: Record<Service, { write: Record<string, string>; writeOp: string; readOp: string; listOp: string; contentField: string; metaField?: string }> = {
  esemenykatalogus: {
    writeOp: 'RegisterCareEvent',
    readOp: 'GetCareEvent',
    listOp: 'ListCareEvents',
    write: { Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:30:00Z', AttendingDoctor: 'O50123', Diagnosis: 'I10 Essential hypertension' },
    contentField: 'Diagnosis',
    metaField: 'EventType',
  },
  ehr: {
    writeOp: 'SubmitHealthDocument',
    readOp: 'GetHealthDocument',
    listOp: 'ListHealthDocuments',
    write: { Taj: PATIENT, DocumentType: 'outpatient-sheet', Title: 'Kardiológiai ambuláns lap', Body: 'RR 150/95, EKG: sinus rhythm' },
    contentField: 'Body',
    metaField: 'Title',
  },
  eprofil: {
    writeOp: 'SaveProfile',
    readOp: 'GetProfile',
    listOp: 'ListProfiles',
    write: { Taj: PATIENT, BloodGroup: 'A+', Allergies: 'penicillin' },
    contentField: 'Allergies',
  },
  erecept: {
    writeOp: 'IssuePrescription',
    readOp: 'GetPrescription',
    listOp: 'ListPrescriptions',
    write: { Taj: PATIENT, ValidUntil: '2026-06-30', Medication: 'Amlodipin 5 mg tabletta', Dosage: '1x1', Quantity: '30' },
    contentField: 'Medication',
    metaField: 'ValidUntil',
  },
  ebeutalo: {
    writeOp: 'IssueReferral',
    readOp: 'GetReferral',
    listOp: 'ListReferrals',
    write: { Taj: PATIENT, ReferralType: 'specialist', TargetInstitution: 'E30217B', Diagnosis: 'I10', Reason: 'Echocardiography' },
    contentField: 'Diagnosis',
    metaField: 'ReferralType',
  },
};

const SERVICES: Service[] = ['esemenykatalogus', 'ehr', 'eprofil', 'erecept', 'ebeutalo'];
const ACCESSES: Access[] = ['write', 'read', 'list'];
const ACTORS: Actor[] = ['institution', 'treatingDoctor', 'otherDoctor', 'pharmacy', 'nurse'];

/** The refusal code the test expects for a denied cell. */
function expectedRefusal(service: Service, access: Access, actor: Actor): string {
  if (NOT_AVAILABLE.some(([s, a]) => s === service && a === access)) return 'OPERATION_NOT_AVAILABLE';
  // A doctor with ORVOS who is just not the patient's treating doctor.
  if (actor === 'otherDoctor' && EXPECTED[service][access].includes('treatingDoctor')) return 'NOT_TREATING_DOCTOR';
  return 'ROLE_MISSING';
}

interface Cell {
  service: Service;
  access: Access;
  actor: Actor;
  who: string;
  verdict: 'allowed' | 'denied';
}

const CELLS: Cell[] = SERVICES.flatMap((service) =>
  ACCESSES.flatMap((access) =>
    ACTORS.map((actor) => ({
      service,
      access,
      actor,
      who: ACTOR_SEATS[actor].label,
      verdict: EXPECTED[service][access].some((w) => ACTS_AS[actor].includes(w)) ? ('allowed' as const) : ('denied' as const),
    })),
  ),
);

let sim: Simulator;
const tokens = {} as Record<Actor, string>;
/** A document per service to read (eProfil is read by TAJ). */
const existing = {} as Record<Service, string>;

async function seed(actor: Actor, service: Service): Promise<ServiceAnswer> {
  const c = CALLS[service];
  const fields = actor === 'otherDoctor' ? { ...c.write, Taj: OTHER_PATIENT } : c.write;
  return callService(sim, service, requestBody(`${c.writeOp}Request`, fields), tokens[actor]);
}

beforeAll(async () => {
  sim = await testSimulator();
  for (const actor of ACTORS) {
    const a = ACTOR_SEATS[actor];
    tokens[actor] = a.certificate !== undefined ? await institutionToken(sim, a.certificate.institutionId, a.certificate.unitCode) : await userToken(sim, a.seat!);
  }
  // The care event that makes O50123 (E30217B) a treating doctor of the patient; then one document per service.
  const writers: Record<Service, Actor> = { esemenykatalogus: 'institution', ehr: 'institution', eprofil: 'treatingDoctor', erecept: 'treatingDoctor', ebeutalo: 'treatingDoctor' };
  for (const service of SERVICES) {
    const answer = await seed(writers[service], service);
    expect(answer.fault, answer.fault?.message).toBeUndefined();
    existing[service] = textIn(answer.result, 'Id') ?? '';
  }
});
afterAll(() => sim.close());

describe('the expected table agrees with the domain documentation', () => {
  it('has 5 services × 3 access kinds × 5 actors = 75 cells', () => {
    expect(CELLS).toHaveLength(75);
    expect(CELLS.filter((c) => c.verdict === 'allowed')).toHaveLength(26);
  });
});

describe.each(SERVICES)('%s', (service) => {
  describe.each(ACCESSES)('%s', (access) => {
    const cells = CELLS.filter((c) => c.service === service && c.access === access);
    it.each(cells.map((cell): [string, Cell] => [`${cell.who}: ${cell.verdict}`, cell]))('%s', async (_name, { actor, verdict }) => {
      const c = CALLS[service];
      let answer: ServiceAnswer;
      if (access === 'write') {
        answer = await seed(actor, service);
      } else if (access === 'read') {
        const key = service === 'eprofil' ? { Taj: PATIENT } : { Id: existing[service] };
        answer = await callService(sim, service, requestBody(`${c.readOp}Request`, key), tokens[actor]);
      } else {
        answer = await callService(sim, service, requestBody(`${c.listOp}Request`, { Taj: PATIENT }), tokens[actor]);
      }
      if (verdict === 'denied') {
        expect(answer.result).toBeUndefined();
        expect(answer.fault?.errorCode, answer.fault?.message).toBe(expectedRefusal(service, access, actor));
        if (answer.fault?.errorCode === 'ROLE_MISSING') {
          const seat = ACTOR_SEATS[actor].seat ?? { ...ACTOR_SEATS[actor].certificate!, username: 'X90001' };
          expect(answer.fault.message).toContain(`user \`${seat.username}\` has no V-MÁTRIX role`);
          expect(answer.fault.message).toContain(`in unit \`${seat.unitCode}\` of \`${seat.institutionId}\``);
          expect(answer.fault.details.unitCode).toBe(seat.unitCode);
        }
        return;
      }
      expect(answer.fault, answer.fault?.message).toBeUndefined();
      expect(answer.status).toBe(200);
      const names = elementNames(answer.result);
      if (access === 'write') {
        expect(textIn(answer.result, 'Taj')).toBe(actor === 'otherDoctor' ? OTHER_PATIENT : PATIENT);
        expect(names).not.toContain(c.contentField); // the write answer is metadata
      } else if (access === 'read') {
        expect(textIn(answer.result, c.contentField)).toBe(CALLS[service].write[c.contentField]);
      } else {
        expect(Number(textIn(answer.result, 'Count'))).toBeGreaterThanOrEqual(1);
        expect(names).not.toContain(c.contentField); // metadata only, never health content
        if (c.metaField !== undefined) expect(textIn(answer.result, c.metaField)).toBe(CALLS[service].write[c.metaField]);
      }
    });
  });
});

/**
 * Paging of the business services' SOAP lists (issue 15 item 14): a request without paging
 * elements gets the first page of the default size and is told that more exist; `PageSize` and
 * `PageToken` walk the whole list once, with no document twice and none missed, while documents
 * are added; sizes beyond the maximum and tokens of another list are refused by element.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { SOAP_LIST_PAGE } from '../../simulator/core/paging.js';
import { callService, institutionToken, requestBody, textIn, userToken, type ServiceAnswer } from './support/service-client.js';

const PATIENT = '123456788';
const OTHER_PATIENT = '037182540';
const DOCTOR = { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' };

let sim: Simulator;
let doctor: string;

beforeEach(async () => {
  sim = await testSimulator();
  const institution = await institutionToken(sim, 'E30217B', '302170101');
  for (const taj of [PATIENT, OTHER_PATIENT]) {
    const event = await callService(sim, 'esemenykatalogus', requestBody('RegisterCareEventRequest', { Taj: taj, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z' }), institution);
    expect(event.fault, event.fault?.message).toBeUndefined();
  }
  doctor = await userToken(sim, DOCTOR);
});

async function issue(taj: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const answer = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { Taj: taj, Medication: `Gyógyszer ${i}`, Dosage: '1x1' }), doctor);
    expect(answer.fault, answer.fault?.message).toBeUndefined();
    ids.push(textIn(answer.result, 'Id') ?? '');
  }
  return ids;
}

function list(fields: Record<string, string | undefined>): Promise<ServiceAnswer> {
  return callService(sim, 'erecept', requestBody('ListPrescriptionsRequest', { Taj: PATIENT, ...fields }), doctor);
}

function summaryIds(answer: ServiceAnswer): string[] {
  const out: string[] = [];
  const summaries = answer.result?.getElementsByTagNameNS('*', 'PrescriptionSummary');
  for (let i = 0; i < (summaries?.length ?? 0); i++) out.push(textIn(summaries?.item(i) as Element, 'Id') ?? '');
  return out;
}

describe('SOAP list paging', () => {
  it('answers an old request (no paging elements) with the first page of the default size and says that more exist', async () => {
    const ids = await issue(PATIENT, SOAP_LIST_PAGE.default + 3);
    await issue(OTHER_PATIENT, 2);
    const first = await list({});
    expect(first.fault, first.fault?.message).toBeUndefined();
    expect(summaryIds(first)).toEqual(ids.slice(0, SOAP_LIST_PAGE.default));
    expect(textIn(first.result, 'Count')).toBe(String(SOAP_LIST_PAGE.default));
    expect(textIn(first.result, 'Total')).toBe(String(SOAP_LIST_PAGE.default + 3));
    expect(textIn(first.result, 'More')).toBe('true');
    const token = textIn(first.result, 'NextPageToken') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const rest = await list({ PageToken: token });
    expect(summaryIds(rest)).toEqual(ids.slice(SOAP_LIST_PAGE.default));
    expect(textIn(rest.result, 'More')).toBe('false');
    expect(textIn(rest.result, 'NextPageToken')).toBeUndefined();
  });

  it('walks the whole list exactly once while prescriptions are added between pages', async () => {
    const before = await issue(PATIENT, 23);
    const seen: string[] = [];
    const added: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ PageSize: '5', PageToken: token });
      expect(page.fault, page.fault?.message).toBeUndefined();
      const ids = summaryIds(page);
      expect(ids.length).toBeLessThanOrEqual(5);
      expect(textIn(page.result, 'Count')).toBe(String(ids.length));
      seen.push(...ids);
      token = textIn(page.result, 'NextPageToken');
      expect(textIn(page.result, 'More')).toBe(String(token !== undefined));
      pages++;
      // Another HIS writes while this one pages: for this patient (twice in the first pages) and another.
      if (pages <= 2) added.push(...(await issue(PATIENT, 2)));
      await issue(OTHER_PATIENT, 1);
    } while (token !== undefined && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...before, ...added]);
    expect(pages).toBe(Math.ceil((before.length + added.length) / 5));
  });

  it('pages an empty list and a list of exactly one page without a token', async () => {
    const empty = await list({ PageSize: '1' });
    expect([textIn(empty.result, 'Count'), textIn(empty.result, 'Total'), textIn(empty.result, 'More')]).toEqual(['0', '0', 'false']);
    await issue(PATIENT, 3);
    const exact = await list({ PageSize: '3' });
    expect(summaryIds(exact)).toHaveLength(3);
    expect(textIn(exact.result, 'More')).toBe('false');
    expect(textIn(exact.result, 'NextPageToken')).toBeUndefined();
  });

  it('refuses a page size outside 1 to the maximum, by element, with what to do', async () => {
    const tooMany = await list({ PageSize: String(SOAP_LIST_PAGE.max + 1) });
    expect(tooMany.fault?.errorCode).toBe('FIELD_INVALID');
    expect(tooMany.fault?.details).toMatchObject({ element: 'PageSize' });
    expect(tooMany.fault?.message).toBe(
      `\`PageSize\` ${SOAP_LIST_PAGE.max + 1} is more than the ${SOAP_LIST_PAGE.max} items one answer may hold; ask for at most ${SOAP_LIST_PAGE.max} and follow the continuation token for the rest`,
    );
    for (const bad of ['0', '-1', '1.5', 'sok', '1e3', '99999999999999999999']) {
      const answer = await list({ PageSize: bad });
      expect(answer.fault?.errorCode, bad).toBe('FIELD_INVALID');
      expect(answer.fault?.message, bad).toContain(`is not a whole number from 1 to ${SOAP_LIST_PAGE.max}`);
    }
    const max = await list({ PageSize: String(SOAP_LIST_PAGE.max) });
    expect(max.fault).toBeUndefined();
  });

  it('refuses a made-up token and a token of another patient’s list', async () => {
    await issue(PATIENT, 3);
    await issue(OTHER_PATIENT, 3);
    const forged = await list({ PageToken: 'not-a-token' });
    expect(forged.fault?.errorCode).toBe('FIELD_INVALID');
    expect(forged.fault?.details).toMatchObject({ element: 'PageToken' });
    expect(forged.fault?.message).toBe(
      '`PageToken` is not a continuation token this list issued; send the `NextPageToken` of the previous answer unchanged, or leave it out for the first page',
    );
    const other = await callService(sim, 'erecept', requestBody('ListPrescriptionsRequest', { Taj: OTHER_PATIENT, PageSize: '1' }), doctor);
    const foreign = await list({ PageToken: textIn(other.result, 'NextPageToken') });
    expect(foreign.fault?.errorCode).toBe('FIELD_INVALID');
    expect(foreign.fault?.message).toBe(`\`PageToken\` was issued for another list (\`erecept:${OTHER_PATIENT}\`, not \`erecept:${PATIENT}\`); a token continues only the list that answered it`);
  });

  it('pages every list operation of the five services the same way', async () => {
    const institution = await institutionToken(sim, 'E30217B', '302170101');
    for (let i = 0; i < 3; i++) {
      await callService(sim, 'esemenykatalogus', requestBody('RegisterCareEventRequest', { Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-03T07:00:00Z' }), institution);
    }
    const page = await callService(sim, 'esemenykatalogus', requestBody('ListCareEventsRequest', { Taj: PATIENT, PageSize: '2' }), doctor);
    expect([textIn(page.result, 'Count'), textIn(page.result, 'Total'), textIn(page.result, 'More')]).toEqual(['2', '4', 'true']);
    for (const [service, op] of [['ehr', 'ListHealthDocumentsRequest'], ['ebeutalo', 'ListReferralsRequest']] as const) {
      const answer = await callService(sim, service, requestBody(op, { Taj: PATIENT, PageSize: '0' }), doctor);
      expect(answer.fault?.errorCode, service).toBe('FIELD_INVALID');
    }
  });
});

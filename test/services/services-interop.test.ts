/**
 * Interop: node `soap`, driven only by each service's WSDL at `?wsdl` over a real loopback
 * listener, calls the services with the STS token in the WS-Security header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import * as soap from 'soap';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { institutionToken, userToken } from './support/service-client.js';

const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PATIENT = '123456788';

describe('business services interop over HTTP (node soap)', () => {
  let sim: Simulator;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    sim = await testSimulator();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sim.close();
  });

  async function client(service: string, assertion: string): Promise<soap.Client> {
    const c = await soap.createClientAsync(`${base}/services/${service}?wsdl`);
    c.addSoapHeader(`<wsse:Security xmlns:wsse="${NS_WSSE}">${assertion}</wsse:Security>`);
    return c;
  }

  it('every service WSDL loads in node soap and lists its operations', async () => {
    const expected: Record<string, string[]> = {
      esemenykatalogus: ['RegisterCareEvent', 'GetCareEvent', 'ListCareEvents'],
      ehr: ['SubmitHealthDocument', 'GetHealthDocument', 'ListHealthDocuments'],
      eprofil: ['SaveProfile', 'GetProfile'],
      erecept: ['IssuePrescription', 'GetPrescription', 'ListPrescriptions'],
      ebeutalo: ['IssueReferral', 'GetReferral', 'ListReferrals'],
    };
    for (const [service, ops] of Object.entries(expected)) {
      const c = await soap.createClientAsync(`${base}/services/${service}?wsdl`);
      const description = c.describe() as Record<string, Record<string, Record<string, unknown>>>;
      const port = Object.values(Object.values(description)[0] ?? {})[0] ?? {};
      expect(Object.keys(port).sort(), service).toEqual([...ops].sort());
    }
  });

  it('records a care event, issues, reads and lists a prescription from the WSDLs alone', async () => {
    const institution = await client('esemenykatalogus', await institutionToken(sim, 'E30217B', '302170101'));
    const [event] = (await institution.RegisterCareEventAsync({ Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z' })) as [{ CareEventSummary: { Id: string } }];
    expect(event.CareEventSummary.Id).toBe('EK-000001');

    const doctor = await client('erecept', await userToken(sim, { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' }));
    const [issued] = (await doctor.IssuePrescriptionAsync({ Taj: PATIENT, ValidUntil: '2026-06-30', Medication: 'Amlodipin 5 mg', Dosage: '1x1' })) as [
      { PrescriptionSummary: { Id: string; Version: number; AuthorUsername: string } },
    ];
    expect(issued.PrescriptionSummary).toMatchObject({ Id: 'ER-000001', Version: 1, AuthorUsername: 'O50123' });
    const [read] = (await doctor.GetPrescriptionAsync({ Id: 'ER-000001' })) as [{ Prescription: { Medication: string } }];
    expect(read.Prescription.Medication).toBe('Amlodipin 5 mg');
    const [list] = (await doctor.ListPrescriptionsAsync({ Taj: PATIENT })) as [{ Count: number; PrescriptionSummary: Array<Record<string, unknown>> | Record<string, unknown> }];
    expect(list.Count).toBe(1);
    const summaries = Array.isArray(list.PrescriptionSummary) ? list.PrescriptionSummary : [list.PrescriptionSummary];
    expect(summaries[0]).not.toHaveProperty('Medication');
  });

  it('pages a list from the WSDL alone: PageSize, then NextPageToken as PageToken until More is false', async () => {
    const institution = await client('esemenykatalogus', await institutionToken(sim, 'E30217B', '302170101'));
    await institution.RegisterCareEventAsync({ Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z' });
    const doctor = await client('erecept', await userToken(sim, { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' }));
    const { Total: before } = ((await doctor.ListPrescriptionsAsync({ Taj: PATIENT })) as [{ Total: number }])[0];
    for (let i = 0; i < 5; i++) await doctor.IssuePrescriptionAsync({ Taj: PATIENT, Medication: `Gyógyszer ${i}`, Dosage: '1x1' });
    type Page = { Count: number; Total: number; More: boolean; NextPageToken?: string; PrescriptionSummary?: Array<{ Id: string }> | { Id: string } };
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const [page] = (await doctor.ListPrescriptionsAsync({ Taj: PATIENT, PageSize: 2, ...(token === undefined ? {} : { PageToken: token }) })) as [Page];
      const summaries = page.PrescriptionSummary === undefined ? [] : Array.isArray(page.PrescriptionSummary) ? page.PrescriptionSummary : [page.PrescriptionSummary];
      expect(page.Count).toBe(summaries.length);
      expect(page.Total).toBe(before + 5);
      expect(typeof page.More).toBe('boolean');
      seen.push(...summaries.map((d) => d.Id));
      token = page.More ? page.NextPageToken : undefined;
      pages++;
    } while (token !== undefined && pages < 20);
    expect(pages).toBe(Math.ceil((before + 5) / 2));
    expect(new Set(seen).size).toBe(before + 5);
  });

  it('receives the missing-role fault with its code', async () => {
    const nurse = await client('erecept', await userToken(sim, { username: 'S12345', institutionId: 'E01620K', unitCode: '016200101' }));
    const err = (await nurse.IssuePrescriptionAsync({ Taj: PATIENT, Medication: 'x', Dosage: 'y' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { root?: { Envelope?: { Body?: { Fault?: { Detail?: { Error?: { Code?: string; Message?: string } }; detail?: { Error?: { Code?: string } } } } } } } | undefined;
    const fault = err?.root?.Envelope?.Body?.Fault;
    expect(fault?.Detail?.Error?.Code ?? fault?.detail?.Error?.Code).toBe('ROLE_MISSING');
  });
});

/**
 * The eKapu upload endpoint (`/ekapu`): the organisation uploads the signed connection-check
 * result (`POST /ekapu/connection-check`, the CMS file as the body: DER, PEM or base64); eKapu
 * verifies it (verify-upload.ts) and marks the institution "connection checked"
 * (`Institution.connectionChecked` in the store's working copy; a reset restores the fixtures).
 * `GET /ekapu/institutions/<id>` shows the mark.
 *
 * @example
 * ```ts
 * await app.request('/ekapu/connection-check', { method: 'POST', headers: { 'content-type': 'application/pkcs7-mime' }, body: p7m });
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, NotFound } from '../core/errors.js';
import { verifyUpload } from './verify-upload.js';

/** Record of an accepted upload (store bucket `ekapu.uploads`, by institution id). */
export interface UploadRecord {
  institutionId: string;
  checkedAt: string;
  uploadedAt: string;
  signer: string;
  target: string;
  steps: number;
}

const BUCKET = 'ekapu.uploads';

/** Build the eKapu sub-app (mounted at `/ekapu`). */
export function createEkapuApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.post('/connection-check', async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length === 0) throw new BadRequest('send the signed connection-check result (the .p7m file `eeszt-sim check` wrote) as the request body', {}, 'CONNECTION_RESULT_MISSING');
    c.set('summary', { operation: 'connection-check-upload', bytes: body.length });
    const accepted = await verifyUpload(deps, body);
    const institution = deps.store.state.institutions.find((i) => i.id === accepted.institutionId);
    if (institution !== undefined) institution.connectionChecked = true;
    const record: UploadRecord = {
      institutionId: accepted.institutionId,
      checkedAt: accepted.result.checkedAt,
      uploadedAt: deps.clock.now().toISOString(),
      signer: accepted.signer,
      target: accepted.result.target,
      steps: accepted.result.steps.length,
    };
    deps.store.bucket<UploadRecord>(BUCKET).set(accepted.institutionId, record);
    c.set('summary', { operation: 'connection-check-upload', institutionId: accepted.institutionId, outcome: 'accepted' });
    return c.json({ accepted: true, connectionChecked: true, ...record });
  });

  app.get('/institutions/:id', (c) => {
    const id = c.req.param('id');
    const institution = deps.store.state.institutions.find((i) => i.id === id);
    if (institution === undefined) throw new NotFound(`institution \`${id}\` is not known to this EESZT`, { details: { institutionId: id } }, 'INSTITUTION_UNKNOWN');
    const upload = deps.store.bucket<UploadRecord>(BUCKET).get(id);
    return c.json({ institutionId: id, name: institution.name, connectionChecked: institution.connectionChecked === true, ...(upload === undefined ? {} : { lastUpload: upload }) });
  });

  return app;
}

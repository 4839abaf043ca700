/**
 * The fault-injection routes of the control API (`/_sim/faults`): add rules, list them, delete
 * one or all. Rules belong to the environment (default or isolated run) and a reset clears them.
 * docs/control-api.md, "Fault injection", documents the rule format.
 *
 * @example
 * ```ts
 * app.route('/faults', createFaultsApp(deps));
 * // POST /_sim/faults {"service":"erecept","fault":"status","status":503,"times":2}
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, NotFound } from '../core/errors.js';
import { jsonBody, s } from '../core/body-schema.js';
import { FAULT_KINDS, faultRuleView, parseFaultRule } from './fault-rule.js';
import { addFaultRule, clearFaultRules, deleteFaultRule, listFaultRules } from './fault-rules.js';
import { pageOf } from '../core/paging.js';

const MAX_RULES = 200;

/** One rule's field types and ranges; service, operation and code syntax and the fields' fit to the kind are checked next. */
const RULE = s.object({
  service: s.string(41).required(),
  operation: s.string(121),
  fault: s.oneOf(...FAULT_KINDS).required(),
  delayMs: s.integer(0, 120_000),
  status: s.integer(400, 599),
  code: s.string(61),
  side: s.oneOf('Sender', 'Receiver'),
  message: s.string(500),
  times: s.integer(1, 1_000_000),
  share: s.number(),
  seed: s.integer(0, 2 ** 31 - 1),
});
const RULES = s.array(RULE, MAX_RULES);

/** `POST /_sim/faults`: a rule, an array of rules, or `{"rules": [...]}`. */
export const FAULTS_BODY = jsonBody(
  s.select<unknown>('a rule, an array of rules or {"rules": [...]}', (v) => (Array.isArray(v) ? RULES.required() : v !== null && typeof v === 'object' && Object.hasOwn(v, 'rules') ? s.object({ rules: RULES.required() }).required() : RULE.required())),
  'FAULT_RULE_INVALID',
  '{"service":"erecept","fault":"status","status":503,"times":2} (docs/control-api.md, "Fault injection")',
);

/** Build the `/_sim/faults` sub-app. */
/** A rule's number (`f3` -> 3): rules are numbered in creation order, so a deleted rule's cursor still places the next page. */
const ruleNumber = (id: string): number => Number(id.slice(1)) || 0;

export function createFaultsApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.get('/', (c) => {
    const page = pageOf(c.req.query(), 'faults', listFaultRules(deps.store), (r) => r.id, ruleNumber);
    return c.json({ rules: page.items.map(faultRuleView), total: page.total, next: page.next });
  });

  app.post('/', FAULTS_BODY.declare, async (c) => {
    const body: unknown = await FAULTS_BODY.read(c);
    const many = Array.isArray(body) ? body : body !== null && typeof body === 'object' && Array.isArray((body as { rules?: unknown }).rules) ? ((body as { rules: unknown[] }).rules) : undefined;
    const specs = (many ?? [body]).map((r) => parseFaultRule(r));
    if (specs.length === 0) throw new BadRequest('send a rule, or {"rules":[...]} with at least one rule', {}, 'FAULT_RULE_INVALID');
    if (listFaultRules(deps.store).length + specs.length > MAX_RULES) {
      throw new BadRequest(`an environment keeps at most ${MAX_RULES} fault rules; delete some (DELETE /_sim/faults)`, {}, 'FAULT_RULE_LIMIT');
    }
    const created = specs.map((s) => faultRuleView(addFaultRule(deps, s)));
    c.set('summary', { operation: 'faults-add', rules: created.map((r) => r.id) });
    return c.json(many === undefined ? created[0] : { rules: created }, 201);
  });

  app.delete('/', (c) => {
    const cleared = clearFaultRules(deps.store);
    c.set('summary', { operation: 'faults-clear', cleared });
    return c.json({ cleared });
  });

  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    if (!deleteFaultRule(deps.store, id)) {
      throw new NotFound(`there is no fault rule \`${id}\`; GET /_sim/faults lists the rules (spent rules are removed by themselves)`, { details: { id } }, 'FAULT_RULE_NOT_FOUND');
    }
    c.set('summary', { operation: 'faults-delete', rule: id });
    return c.json({ deleted: id });
  });

  return app;
}

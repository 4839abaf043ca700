/**
 * Reading the fields of a service request element and writing documents as XML, both driven by
 * the {@link ServiceSpec}. Requests are parsed with the project's safe XML parser beforehand;
 * this module only walks the element.
 *
 * @example
 * ```ts
 * const fields = readFields(spec, requestElement, ['Taj', 'Id']); // Map of element name -> text
 * documentXml(spec, doc, 'full'); // '<Prescription><Id>ER-000001</Id>...</Prescription>'
 * ```
 */
import { BadRequest, IdentifierInvalid } from '../core/errors.js';
import { checkInstitutionId, checkTaj, checkUsername, must } from '../identifiers/identifiers.js';
import { childElements, escapeXml, type LeanElement } from '../soap/safe-xml.js';
import type { StoredDocument } from './document-store.js';
import { serviceNamespace, type FieldSpec, type ServiceSpec } from './service-spec.js';

const DEFAULT_MAX = 4000;

/**
 * The child elements of a request as a name -> text map. Every child must be in the service
 * namespace, known (one of `allowed`) and present at most once.
 */
export function readChildren(spec: ServiceSpec, element: Element | LeanElement, allowed: readonly string[]): Map<string, string> {
  const ns = serviceNamespace(spec.id);
  const out = new Map<string, string>();
  for (const child of childElements(element)) {
    const name = child.localName;
    if (child.namespaceURI !== ns) {
      // rule: SVC-REQUEST-FIELDS (docs/rules.md)
      throw new BadRequest(
        `element \`${child.nodeName}\` of \`${element.localName}\` is in namespace \`${child.namespaceURI ?? '(none)'}\`; the elements of ${spec.title} requests are qualified with \`${ns}\` (see the WSDL)`,
        { details: { element: name } },
        'FIELD_NAMESPACE',
      );
    }
    if (!allowed.includes(name)) {
      throw new BadRequest(`\`${element.localName}\` has no element \`${name}\`; its elements are ${allowed.map((n) => `\`${n}\``).join(', ')}`, { details: { element: name } }, 'FIELD_UNKNOWN');
    }
    if (out.has(name)) throw new BadRequest(`\`${name}\` appears twice in \`${element.localName}\`; send it once`, { details: { element: name } }, 'FIELD_DUPLICATE');
    if (childElements(child).length > 0) {
      throw new BadRequest(`\`${name}\` must hold text, not elements`, { details: { element: name } }, 'FIELD_INVALID');
    }
    out.set(name, (child.textContent ?? '').trim());
  }
  return out;
}

/** A required element's text, or `FIELD_MISSING`. */
export function requiredText(values: Map<string, string>, name: string, where: string): string {
  const v = values.get(name);
  if (v === undefined || v === '') throw new BadRequest(`\`${where}\` needs \`${name}\``, { details: { element: name } }, 'FIELD_MISSING');
  return v;
}

/** The patient's TAJ from a request, checked (check digit included). */
export function readTaj(values: Map<string, string>, where: string): string {
  return must(checkTaj(requiredText(values, 'Taj', where)), 'Taj');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Check one field value against its spec; returns the value to store. */
export function checkField(field: FieldSpec, value: string): string {
  const bad = (why: string): never => {
    throw new BadRequest(`\`${field.name}\` ${why}`, { details: { element: field.name, value: value.slice(0, 100) } }, 'FIELD_INVALID');
  };
  switch (field.type) {
    case 'text':
      if (value.length > (field.maxLength ?? DEFAULT_MAX)) bad(`has ${value.length} characters; at most ${field.maxLength ?? DEFAULT_MAX} are accepted`);
      return value;
    case 'dateTime':
      if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) bad(`\`${value}\` is not an xs:dateTime with a time zone, e.g. \`2026-03-02T08:00:00Z\``);
      return value;
    case 'date':
      if (!DATE.test(value) || Number.isNaN(Date.parse(value))) bad(`\`${value}\` is not an xs:date, e.g. \`2026-03-31\``);
      return value;
    case 'code':
      if (!(field.values ?? []).includes(value)) bad(`\`${value}\` is not one of ${(field.values ?? []).map((v) => `\`${v}\``).join(', ')}`);
      return value;
    case 'username': {
      const r = checkUsername(value);
      if (!r.ok) throw new IdentifierInvalid(`\`${field.name}\`: ${r.message}`, { details: { field: field.name } });
      return value;
    }
    case 'institutionId': {
      const r = checkInstitutionId(value);
      if (!r.ok) throw new IdentifierInvalid(`\`${field.name}\`: ${r.message}`, { details: { field: field.name } });
      return value;
    }
  }
}

/** The service-specific fields of a write request, checked; required ones must be present. */
export function readDocumentFields(spec: ServiceSpec, values: Map<string, string>, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of spec.fields) {
    const v = values.get(field.name);
    if (v === undefined || v === '') {
      if (field.required) throw new BadRequest(`\`${where}\` needs \`${field.name}\` (${field.doc})`, { details: { element: field.name } }, 'FIELD_MISSING');
      continue;
    }
    out[field.name] = checkField(field, v);
  }
  return out;
}

const leaf = (name: string, value: string | number): string => `<${name}>${escapeXml(String(value))}</${name}>`;

/**
 * A document as XML in the service's default namespace context: `summary` holds the metadata
 * only (envelope + `meta` fields), `full` adds the health content.
 */
export function documentXml(spec: ServiceSpec, doc: StoredDocument, view: 'summary' | 'full'): string {
  const name = view === 'summary' ? `${spec.document}Summary` : spec.document;
  // One string built in order (no array of parts: a list answers a page of these).
  let xml = `<${name}>${leaf('Id', doc.id)}${leaf('Version', doc.version)}${leaf('Taj', doc.taj)}${leaf('Created', doc.created)}${leaf('Modified', doc.modified)}${leaf('AuthorUsername', doc.author.username)}${leaf('AuthorInstitution', doc.author.institutionId)}${leaf('AuthorUnit', doc.author.unitCode)}`;
  for (const field of spec.fields) {
    if (view === 'summary' && field.part !== 'meta') continue;
    const v = doc.fields[field.name];
    if (v !== undefined) xml += leaf(field.name, v);
  }
  return `${xml}</${name}>`;
}

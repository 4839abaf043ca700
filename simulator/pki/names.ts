/**
 * Distinguished names: building them (one attribute per RDN, in X.509 order: C first, CN last)
 * and printing them RFC 4514 style (most specific first: `CN=E01620K,O=...,C=HU`).
 *
 * @example
 * ```ts
 * const dn: Dn = [['C', 'HU'], ['O', 'EESZT-SIM Test PKI'], ['CN', 'EESZT-SIM Test Root CA']];
 * dnToString(dn); // 'CN=EESZT-SIM Test Root CA,O=EESZT-SIM Test PKI,C=HU'
 * ```
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Attribute types the test PKI writes. */
export type DnAttributeType = 'C' | 'O' | 'OU' | 'CN' | 'serialNumber' | 'organizationIdentifier';

/** A distinguished name as an ordered list of (type, value), X.509 order (C first, CN last). */
export type Dn = ReadonlyArray<readonly [DnAttributeType, string]>;

const OIDS: Record<DnAttributeType, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organizationIdentifier: '2.5.4.97',
};

const NAMES_BY_OID: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'givenName',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Escape one attribute value per RFC 4514 section 2.4. */
function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/**
 * RFC 4514 string of a {@link Dn} (reverse order: most specific first).
 *
 * @example
 * ```ts
 * dnToString([['C', 'HU'], ['CN', 'a,b']]); // 'CN=a\\,b,C=HU'
 * ```
 */
export function dnToString(dn: Dn): string {
  return [...dn].reverse().map(([t, v]) => `${t}=${escapeValue(v)}`).join(',');
}

/**
 * The pkijs Name of a {@link Dn}: one single-valued RDN per attribute; `C` and `serialNumber`
 * as PrintableString, everything else as UTF8String.
 *
 * @example
 * ```ts
 * cert.subject = dnToPkijs([['C', 'HU'], ['CN', 'localhost']]);
 * ```
 */
export function dnToPkijs(dn: Dn): pkijs.RelativeDistinguishedNames {
  const rdns = dn.map(([type, value]) => {
    const printable = type === 'C' || type === 'serialNumber';
    if (printable && !PRINTABLE.test(value)) throw new Error(`${type} value \`${value}\` must be a PrintableString`);
    const asnValue = printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
    const atv = new pkijs.AttributeTypeAndValue({ type: OIDS[type], value: asnValue });
    return new asn1js.Set({ value: [atv.toSchema()] });
  });
  const der = new asn1js.Sequence({ value: rdns }).toBER();
  return new pkijs.RelativeDistinguishedNames({ valueBeforeDecode: der });
}

/**
 * RFC 4514 string of a parsed pkijs Name (unknown attribute types are printed as dotted OIDs).
 *
 * @example
 * ```ts
 * pkijsNameToString(pkijs.Certificate.fromBER(der).subject); // 'CN=localhost,O=...,C=HU'
 * ```
 */
export function pkijsNameToString(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map((atv) => {
      const t = NAMES_BY_OID[atv.type] ?? atv.type;
      const block = (atv.value as { valueBlock?: { value?: unknown } }).valueBlock;
      const v = typeof block?.value === 'string' ? block.value : `#${Buffer.from(atv.value.toBER()).toString('hex')}`;
      return `${t}=${v.startsWith('#') && typeof block?.value !== 'string' ? v : escapeValue(v)}`;
    })
    .join(',');
}

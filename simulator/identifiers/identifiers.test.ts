import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IdentifierInvalid } from '../core/errors.js';
import * as identifiers from './identifiers.js';
import { checkRoleForUser } from './roles.js';
import {
  checkCardDocumentId,
  checkDigitCode,
  checkInstitutionId,
  checkMiniHisInstitution,
  checkOjotePassword,
  checkOjoteUsername,
  checkTaj,
  checkTaxId,
  checkUnitCode,
  checkUsername,
  must,
  ojoteUsername,
  tajCheckDigit,
  taxIdCheckDigit,
  userKindOf,
  type CheckResult,
} from './identifiers.js';

/** The message of a refused check (fails the test when the check passed). */
function refused<T>(r: CheckResult<T>): string {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.message;
}

describe('checkUsername (rules ID-USERNAME, ID-USERNAME-LENGTH)', () => {
  it.each([
    ['O50123', 'doctor', '50123'],
    ['O123456', 'doctor', '123456'],
    ['S12345', 'nurse', '12345'],
    ['G12345', 'pharmacist', '12345'],
    ['C12345', 'psychologist', '12345'],
    ['X12345', 'staff', '12345'],
  ])('accepts %s as %s', (u, kind, reg) => {
    expect(checkUsername(u)).toEqual({ ok: true, value: { username: u, kind, registryNumber: reg } });
  });

  it('refuses a lower-case prefix and names the right spelling (usernames are case-sensitive)', () => {
    expect(refused(checkUsername('o50123'))).toBe(
      'username `o50123` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use `O50123`',
    );
  });
  it('refuses a bare registry number', () => {
    expect(refused(checkUsername('50123'))).toBe(
      'username `50123` lacks a prefix; EESZT usernames are a prefix plus the registry number, e.g. `O50123` for a doctor; prefixes: O (doctor), S (nurse or other health professional), G (pharmacist), C (clinical psychologist) or X (non-health staff)',
    );
  });
  it('refuses an unknown prefix', () => {
    expect(refused(checkUsername('Z12345'))).toBe(
      'username `Z12345` has an unknown prefix `Z`; use O (doctor), S (nurse or other health professional), G (pharmacist), C (clinical psychologist) or X (non-health staff)',
    );
  });
  it.each(['O1234', 'O1234567', 'O12a45', 'O'])('refuses a wrong registry number: %s', (u) => {
    expect(refused(checkUsername(u))).toBe(
      `username \`${u}\`: after the prefix \`O\` must come the 5- or 6-digit basic registry number (for doctors the stamp number), e.g. \`O50123\``,
    );
  });
  it('refuses white space and missing values', () => {
    expect(refused(checkUsername(' O50123'))).toBe('username ` O50123` has surrounding white space; send `O50123`');
    expect(refused(checkUsername(''))).toBe('username is missing; send the EESZT username, e.g. `O50123`');
    expect(refused(checkUsername(undefined))).toBe('username is missing; send the EESZT username, e.g. `O50123`');
    expect(refused(checkUsername(50123))).toBe('username is missing; send the EESZT username, e.g. `O50123`');
  });
});

describe('checkInstitutionId (rule ID-INSTITUTION)', () => {
  it.each([
    ['E01620K', 'provider', '01620K'],
    ['E123456', 'provider', '123456'],
    ['P012345', 'pharmacy', '012345'],
    ['P204718', 'pharmacy', '204718'],
  ])('accepts %s', (id, kind, reg) => {
    expect(checkInstitutionId(id)).toEqual({ ok: true, value: { institutionId: id, kind, registryId: reg } });
  });

  it('refuses a bare id without the E prefix (the HIS mistake the sources warn about)', () => {
    expect(refused(checkInstitutionId('123456'))).toBe('institution id `123456` lacks the `E` prefix; use `E123456` (or `P123456` for an OGYEI-registered pharmacy)');
    expect(refused(checkInstitutionId('01620K'))).toBe('institution id `01620K` lacks the `E` prefix; use `E01620K` (or `P01620K` for an OGYEI-registered pharmacy)');
    expect(refused(checkInstitutionId('01620k'))).toBe('institution id `01620k` lacks the `E` prefix; use `E01620K` (or `P01620K` for an OGYEI-registered pharmacy)');
  });
  it('refuses an unpadded 5-character OGYEI id and shows the padded one', () => {
    expect(refused(checkInstitutionId('P12345'))).toBe('institution id `P12345`: 5-character OGYEI ids are left-padded with one `0` to 6 characters; use `P012345`');
    expect(refused(checkInstitutionId('p12345'))).toBe(
      'institution id `p12345` has a lower-case prefix, and 5-character OGYEI ids are left-padded with one `0`: use `P012345`',
    );
  });
  it('refuses E with only 5 characters', () => {
    expect(refused(checkInstitutionId('E01620'))).toBe(
      'institution id `E01620` has only 5 characters after the prefix `E`; the OTH/NNK registry id has 6 characters, e.g. `E01620K` (if `E01620` is itself the bare registry id, use `EE01620`)',
    );
    expect(refused(checkInstitutionId('e01620'))).toBe(
      'institution id `e01620` has a lower-case prefix and only 5 characters after it; use `E` followed by the 6-character OTH/NNK registry id, e.g. `E01620K`',
    );
  });
  it('refuses a lower-case prefix', () => {
    expect(refused(checkInstitutionId('e01620k'))).toBe('institution id `e01620k` has a lower-case prefix; the prefix is always upper case: use `E01620K`');
  });
  it('refuses other prefixes and bodies', () => {
    expect(refused(checkInstitutionId('X01620K'))).toBe(
      'institution id `X01620K` must start with `E` (OTH/NNK-registered provider) or `P` (OGYEI-registered pharmacy) followed by the 6-character registry id, e.g. `E01620K`',
    );
    expect(refused(checkInstitutionId('E01620KK'))).toBe(
      'institution id `E01620KK`: after the prefix `E` must come the 6-character OTH/NNK registry id (digits and upper-case letters), e.g. `E01620K`',
    );
    expect(refused(checkInstitutionId('P0123-5'))).toBe(
      'institution id `P0123-5`: after the prefix `P` must come the 6-character OGYEI registry id (digits and upper-case letters), e.g. `P01620K`',
    );
    expect(refused(checkInstitutionId('E01620K '))).toBe('institution id `E01620K ` has surrounding white space; send `E01620K`');
    expect(refused(checkInstitutionId(''))).toBe('institution id is missing; send the EESZT institution id, e.g. `E01620K`');
  });
});

describe('checkUnitCode (rule ID-UNIT)', () => {
  it('accepts 9 digits', () => expect(checkUnitCode('016200101')).toEqual({ ok: true, value: '016200101' }));
  it('refuses 8 or 10 digits, letters and missing values', () => {
    expect(refused(checkUnitCode('01620010'))).toBe('organisational unit `01620010` has 8 digits; it must be the 9-digit ÁNTSZ/NNK permit code of the workstation');
    expect(refused(checkUnitCode('0162001011'))).toBe('organisational unit `0162001011` has 10 digits; it must be the 9-digit ÁNTSZ/NNK permit code of the workstation');
    expect(refused(checkUnitCode('016 200 101'))).toBe('organisational unit `016 200 101` must be digits only: the 9-digit ÁNTSZ/NNK permit code');
    expect(refused(checkUnitCode(undefined))).toBe('organisational unit is missing; send the 9-digit ÁNTSZ/NNK permit code of the workstation');
  });
});

describe('TAJ (rule ID-TAJ)', () => {
  it('computes the check digit as (3*d1 + 7*d2 + ... + 7*d8) mod 10', () => {
    // 1*3 + 2*7 + 3*3 + 4*7 + 5*3 + 6*7 + 7*3 + 8*7 = 188
    expect(tajCheckDigit('12345678')).toBe(8);
    expect(tajCheckDigit('00000000')).toBe(0);
    expect(tajCheckDigit('10000000')).toBe(3);
    expect(tajCheckDigit('01000000')).toBe(7);
    expect(() => tajCheckDigit('1234567')).toThrow(RangeError);
  });
  it('accepts a TAJ with the right check digit', () => expect(checkTaj('123456788')).toEqual({ ok: true, value: '123456788' }));
  it('refuses a wrong check digit and shows the right one', () => {
    expect(refused(checkTaj('123456789'))).toBe(
      'TAJ `123456789` has check digit 9, but its first eight digits give 8; check the number (with this check digit it would read `123456788`)',
    );
  });
  it('refuses other shapes', () => {
    expect(refused(checkTaj('123 456 788'))).toBe('TAJ `123 456 788` must be exactly 9 digits (no spaces or dashes), the last one a check digit');
    expect(refused(checkTaj('12345678'))).toBe('TAJ `12345678` must be exactly 9 digits (no spaces or dashes), the last one a check digit');
    expect(refused(checkTaj(''))).toBe('TAJ number is missing; send the 9-digit TAJ number');
  });
});

describe('checkCardDocumentId', () => {
  it('accepts 6 digits + 2 upper-case letters', () => expect(checkCardDocumentId('123456AB')).toEqual({ ok: true, value: '123456AB' }));
  it('refuses lower-case letters, other shapes and missing values', () => {
    expect(refused(checkCardDocumentId('123456ab'))).toBe('card document id `123456ab` has lower-case letters; the letters are upper case: use `123456AB`');
    expect(refused(checkCardDocumentId('12345AB'))).toBe('card document id `12345AB` must be 6 digits followed by 2 upper-case letters, as printed on the card, e.g. `123456AB`');
    expect(refused(checkCardDocumentId('AB123456'))).toBe('card document id `AB123456` must be 6 digits followed by 2 upper-case letters, as printed on the card, e.g. `123456AB`');
    expect(refused(checkCardDocumentId(undefined))).toBe('card document id is missing; send the 8-character id printed on the card, e.g. `123456AB`');
  });
});

describe('tax id (adóazonosító jel; rule ID-TAX-ID)', () => {
  it('computes the check digit as (1*d1 + 2*d2 + ... + 9*d9) mod 11', () => {
    // 8*1 + 3*2 + 9*3 + 5*4 + 1*5 + 0*6 + 1*7 + 2*8 + 3*9 = 8+6+27+20+5+0+7+16+27 = 116; 116 mod 11 = 6
    expect(taxIdCheckDigit('839510123')).toBe(6);
    expect(() => taxIdCheckDigit('12345678')).toThrow(RangeError);
  });
  it('accepts a valid tax id', () => expect(checkTaxId('8395101236')).toEqual({ ok: true, value: '8395101236' }));
  it('refuses wrong check digits, other first digits and shapes', () => {
    expect(refused(checkTaxId('8395101237'))).toBe('tax id `8395101237` has check digit 7, but its first nine digits give 6; check the number');
    expect(refused(checkTaxId('7395101236'))).toBe("tax id `7395101236` must start with `8`: a private person's tax id (adóazonosító jel) always does");
    expect(refused(checkTaxId('839510123'))).toBe('tax id `839510123` must be exactly 10 digits (no spaces or dashes)');
    expect(refused(checkTaxId(''))).toBe('tax id is missing; send the 10-digit tax id (adóazonosító jel)');
  });
  it('refuses nine digits that have no check digit', () => {
    // find the first 8xxxxxxxx whose sum mod 11 is 10
    let nine = '';
    for (let n = 800000000; n < 800001000; n++) {
      if (taxIdCheckDigit(String(n)) === 10) {
        nine = String(n);
        break;
      }
    }
    expect(refused(checkTaxId(`${nine}0`))).toBe(`tax id \`${nine}0\` cannot exist: its first nine digits give no valid check digit`);
  });
});

describe('checkMiniHisInstitution', () => {
  it('accepts the 6-digit id', () => expect(checkMiniHisInstitution('123456')).toEqual({ ok: true, value: '123456' }));
  it('accepts a 6-character id with a letter (seed 001: OTH id `01620K`)', () => expect(checkMiniHisInstitution('01620K')).toEqual({ ok: true, value: '01620K' }));
  it('refuses lower-case letters with the upper-case form', () =>
    expect(refused(checkMiniHisInstitution('01620k'))).toBe('miniHIS institution `01620k` must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`); letters are upper case: `01620K`'));
  it('refuses a prefixed id and says to drop the prefix', () => {
    expect(refused(checkMiniHisInstitution('E123456'))).toBe('miniHIS institution `E123456` must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`); drop the prefix: `123456`');
    expect(refused(checkMiniHisInstitution('12345'))).toBe('miniHIS institution `12345` must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`)');
    expect(refused(checkMiniHisInstitution(undefined))).toBe('miniHIS institution missing must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`)');
  });
});

describe('NEAK OJOTE credentials', () => {
  it('builds and checks the username', () => {
    expect(ojoteUsername('12345')).toBe('OBVN-12345USER');
    expect(checkOjoteUsername('OBVN-12345USER')).toEqual({ ok: true, value: { username: 'OBVN-12345USER', stampNumber: '12345' } });
    expect(checkOjoteUsername('OBVN-12345USER', '12345').ok).toBe(true);
  });
  it('refuses other spellings and another stamp number', () => {
    expect(refused(checkOjoteUsername('obvn-12345user'))).toBe(
      'OJOTE username `obvn-12345user` must read `OBVN-<stamp number>USER` with the upper-case letters as shown, e.g. `OBVN-12345USER`',
    );
    expect(refused(checkOjoteUsername('OBVN-12345USER', '50123'))).toBe(
      "OJOTE username `OBVN-12345USER` names stamp number 12345, but the doctor's stamp number is 50123; use `OBVN-50123USER`",
    );
    expect(refused(checkOjoteUsername(''))).toBe('OJOTE username is missing; it is `OBVN-<stamp number>USER`, e.g. `OBVN-12345USER`');
  });
  it('checks the 10-digit password', () => {
    expect(checkOjotePassword('1234567890').ok).toBe(true);
    expect(refused(checkOjotePassword('123456789'))).toBe('OJOTE password must be the 10-digit prescription-contract id (vényírási szerződés azonosító), digits only');
  });
});

describe('checkDigitCode (rule ID-DIGIT-CODES)', () => {
  it.each([
    ['can', '482915'],
    ['activationPin', '13579'],
    ['pin', '123456'],
    ['puk', '12345678'],
    ['mobilToken', '000123'],
    ['providerCode', '016200101'],
  ] as const)('accepts a %s', (kind, v) => expect(checkDigitCode(kind, v)).toEqual({ ok: true, value: v }));

  it('refuses wrong lengths without echoing the secret', () => {
    expect(refused(checkDigitCode('pin', '12345'))).toBe('eID PIN must be a 6-digit PIN chosen at activation; got 5 characters');
    expect(refused(checkDigitCode('activationPin', '123456'))).toBe('activation PIN must be the 5-digit PIN from the green code card; got 6 characters');
    expect(refused(checkDigitCode('puk', '1234567'))).toBe('PUK must be the 8-digit PUK from the green code card; got 7 characters');
    expect(refused(checkDigitCode('can', undefined))).toBe('CAN must be the 6-digit number printed on the front of the card next to the photo; got nothing');
    expect(refused(checkDigitCode('mobilToken', '12a456'))).not.toContain('12a456');
  });
});

describe('must / userKindOf', () => {
  it('returns the value or throws IdentifierInvalid naming the field', () => {
    expect(must(checkUnitCode('016200101'), 'unit')).toBe('016200101');
    try {
      must(checkUsername('o50123'), 'username');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IdentifierInvalid);
      expect((err as IdentifierInvalid).details).toEqual({ field: 'username' });
      expect((err as IdentifierInvalid).message).toContain('use `O50123`');
    }
    expect(userKindOf('G12345')).toBe('pharmacist');
    expect(() => userKindOf('g12345')).toThrow(IdentifierInvalid);
  });
});

describe('docs/identifiers.md', () => {
  const doc = readFileSync(new URL('../../docs/identifiers.md', import.meta.url), 'utf8');
  const fns: Record<string, (...args: unknown[]) => CheckResult<unknown>> = {
    ...(identifiers as unknown as Record<string, (...args: unknown[]) => CheckResult<unknown>>),
    checkRoleForUser: checkRoleForUser as (...args: unknown[]) => CheckResult<unknown>,
  };
  // Each table follows a `<!-- rule: name -->` marker; rows are `| \`json args\` | accepted or exact message |`.
  const tables = [...doc.matchAll(/<!-- rule: (\w+) -->\n\| input \| result \|\n\|---\|---\|\n((?:\|.*\|\n?)+)/g)];

  it('has a table for every rule', () => {
    expect(tables.map((t) => t[1])).toEqual([
      'checkUsername',
      'checkInstitutionId',
      'checkUnitCode',
      'checkTaj',
      'checkCardDocumentId',
      'checkTaxId',
      'checkMiniHisInstitution',
      'checkOjoteUsername',
      'checkOjotePassword',
      'checkDigitCode',
      'checkRoleForUser',
    ]);
  });

  it('shows for each example exactly what the rule answers', () => {
    let rows = 0;
    for (const [, name, body] of tables) {
      const fn = fns[name ?? ''];
      expect(fn, name).toBeTypeOf('function');
      for (const line of (body ?? '').trimEnd().split('\n')) {
        const m = /^\| `(.*?)` \| (.*) \|$/.exec(line);
        expect(m, line).not.toBeNull();
        const args = JSON.parse(`[${m?.[1]}]`) as unknown[];
        const r = (fn as (...a: unknown[]) => CheckResult<unknown>)(...args);
        expect(r.ok ? 'accepted' : r.message, `${name}(${m?.[1]})`).toBe(m?.[2]);
        rows += 1;
      }
    }
    expect(rows).toBeGreaterThan(60);
  });
});

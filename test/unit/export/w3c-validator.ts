// Applies the MUST assertions of the W3C web-annotation-tests (peer copy) with ajv-draft-04, the
// way their runner does: every definitions/*.json registered under its file name, each assertion
// schema from the .test list compiled, and `expectedResult` deciding whether "valid" means pass.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';

export const WAT_ROOT = path.resolve(process.cwd(), '../shared/peer/w3c-web-annotation-tests');

/** RFC 3986 URI (absolute): scheme, then unreserved / reserved / percent-encoded characters. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
/** RFC 3339 date-time (what JSON Schema's "date-time" means), checked field by field below. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const leap = (year ?? 0) % 4 === 0 && ((year ?? 0) % 100 !== 0 || (year ?? 0) % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(month ?? 0) - 1];
  if (days === undefined || (day ?? 0) < 1 || (day ?? 0) > days) return false;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

export interface Assertion {
  file: string;
  expectedValid: boolean;
  validate: (doc: unknown) => boolean;
}

export function loadMustAssertions(testList = 'annotations/annotationMusts.test'): Assertion[] {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => URI.test(s) });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  const defs = path.join(WAT_ROOT, 'definitions');
  for (const f of readdirSync(defs).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(defs, f), 'utf8')), f);
  }
  const list = JSON.parse(readFileSync(path.join(WAT_ROOT, testList), 'utf8')) as { assertions: string[] };
  return list.assertions.map((file) => {
    const schema = JSON.parse(readFileSync(path.join(WAT_ROOT, file), 'utf8')) as Record<string, unknown>;
    delete schema.id;
    return {
      file,
      expectedValid: (schema.expectedResult ?? 'valid') === 'valid',
      validate: ajv.compile(schema) as (doc: unknown) => boolean,
    };
  });
}

/** The assertion files an annotation fails (empty when it meets every MUST). */
export function failedAssertions(assertions: readonly Assertion[], doc: unknown): string[] {
  return assertions.filter((a) => a.validate(doc) !== a.expectedValid).map((a) => path.basename(a.file));
}

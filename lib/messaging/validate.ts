import * as v from 'valibot';
import { COLORS } from '../db/types';
import { LIMITS, MAX_TIMESTAMP, SELECTOR_JSON_CHARS } from './limits';
import type { BackgroundMessages, Envelope, ErrorCode, MessageType } from './protocol';

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, (issue) => `${issue.received} characters; the limit is ${max}`),
  );
const list = <T extends v.GenericSchema>(item: T, max: number, what: string) =>
  v.pipe(
    v.array(item),
    v.maxLength(max, (issue) => `${issue.received} ${what}; the limit is ${max}`),
  );
const color = v.picklist(COLORS);
const tags = list(text(LIMITS.tagChars), LIMITS.tags, 'tags');

const position = v.pipe(v.number(), v.integer(), v.minValue(0));
const context = v.optional(text(LIMITS.selectorContextChars));

interface SelectorShape {
  type: string;
  exact?: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  end?: number;
  refinedBy?: SelectorShape;
  startSelector?: SelectorShape;
  endSelector?: SelectorShape;
  [key: string]: unknown;
}

/**
 * Selectors of any type are kept (for W3C round trips), but the keys anchoring reads have their
 * W3C types, the two text selectors carry what they need, and every string is bounded. Nested
 * selectors (refinedBy, a RangeSelector's ends) follow the same rules.
 */
const selector: v.GenericSchema<SelectorShape> = v.pipe(
  v.looseObject({
    type: text(LIMITS.selectorTypeChars),
    exact: v.optional(text(LIMITS.quoteChars)),
    prefix: context,
    suffix: context,
    start: v.optional(position),
    end: v.optional(position),
    refinedBy: v.optional(v.lazy(() => selector)),
    startSelector: v.optional(v.lazy(() => selector)),
    endSelector: v.optional(v.lazy(() => selector)),
  }),
  v.forward(
    v.partialCheck(
      [['type'], ['exact']],
      (s) => s.type !== 'TextQuoteSelector' || s.exact !== undefined,
      'a TextQuoteSelector needs its exact text',
    ),
    ['exact'],
  ),
  v.forward(
    v.partialCheck(
      [['type'], ['start'], ['end']],
      (s) => s.type !== 'TextPositionSelector' || (s.start !== undefined && s.end !== undefined),
      'a TextPositionSelector needs its start and end',
    ),
    ['start'],
  ),
  v.forward(
    v.partialCheck(
      [['start'], ['end']],
      (s) => s.start === undefined || s.end === undefined || s.end >= s.start,
      'end is before start',
    ),
    ['end'],
  ),
  v.check(
    (s) => JSON.stringify(s).length <= SELECTOR_JSON_CHARS,
    `selector over ${SELECTOR_JSON_CHARS} characters of JSON`,
  ),
);
const selectors = list(selector, LIMITS.selectors, 'selectors');

const annotationInput = v.strictObject({
  source: v.pipe(text(LIMITS.sourceChars), v.minLength(1)),
  title: text(LIMITS.titleChars),
  quote: text(LIMITS.quoteChars),
  selectors,
  color: v.optional(color),
  note: v.optional(text(LIMITS.noteChars)),
  tags: v.optional(tags),
});

const patch = v.strictObject({
  color: v.optional(color),
  note: v.optional(text(LIMITS.noteChars)),
  tags: v.optional(tags),
  title: v.optional(text(LIMITS.titleChars)),
  quote: v.optional(text(LIMITS.quoteChars)),
  selectors: v.optional(selectors),
});

const id = v.pipe(text(LIMITS.idChars), v.minLength(1));
/** Any time a Date can hold: imports keep foreign times as they are, before 1970 included. */
const timestamp = v.pipe(v.number(), v.integer(), v.minValue(-MAX_TIMESTAMP), v.maxValue(MAX_TIMESTAMP));

const annotation = v.strictObject({
  id,
  source: v.pipe(text(LIMITS.sourceChars), v.minLength(1)),
  title: text(LIMITS.titleChars),
  quote: text(LIMITS.quoteChars),
  selectors,
  color,
  note: text(LIMITS.noteChars),
  tags,
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** Why a stored annotation would be refused (on edit or Undo), or undefined if it is fine. */
export function annotationProblem(value: unknown): string | undefined {
  const result = v.safeParse(annotation, value);
  return result.success ? undefined : result.issues.slice(0, 3).map(describeIssue).join('; ');
}

const payloadSchemas = {
  'annotations/list': v.strictObject({ source: text(LIMITS.sourceChars) }),
  'annotations/list-document': v.strictObject({
    source: text(LIMITS.sourceChars),
    fingerprint: v.pipe(text(LIMITS.sourceChars), v.minLength(1)),
  }),
  'annotations/recent': v.strictObject({
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.listLimit)),
  }),
  'annotations/create': v.strictObject({ input: annotationInput }),
  'annotations/update': v.strictObject({ id, patch }),
  'annotations/delete': v.strictObject({ id }),
  'annotations/restore': v.strictObject({ annotation }),
  'search/query': v.strictObject({
    query: text(LIMITS.queryChars),
    options: v.strictObject({
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.listLimit))),
      color: v.optional(color),
      tag: v.optional(text(LIMITS.tagChars)),
      source: v.optional(text(LIMITS.sourceChars)),
      shown: v.optional(v.pipe(v.array(id), v.maxLength(LIMITS.listLimit))),
    }),
  }),
  'annotations/open': v.strictObject({ id }),
  'index/maintain': v.strictObject({}),
  'sync/settings-get': v.strictObject({}),
  'sync/settings-save': v.strictObject({
    url: v.pipe(text(LIMITS.syncUrlChars), v.minLength(1)),
    username: text(LIMITS.syncCredentialChars),
    password: v.nullable(text(LIMITS.syncCredentialChars)),
    passphrase: v.nullable(text(LIMITS.syncCredentialChars)),
  }),
  'sync/clear': v.strictObject({}),
  'sync/now': v.strictObject({}),
  'sync/status': v.strictObject({}),
} satisfies Record<MessageType, v.GenericSchema>;

export type ValidationResult =
  | { ok: true; envelope: Envelope<BackgroundMessages> }
  | { ok: false; code: ErrorCode; message: string };

function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && Object.hasOwn(payloadSchemas, type);
}

/** A string longer than any limit means someone is flooding us: say so instead of listing issues. */
function isTooLarge(issues: readonly v.BaseIssue<unknown>[]): boolean {
  return issues.some((issue) => issue.type === 'max_length' || issue.type === 'check');
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Checks an incoming message's type, shape and sizes. Unknown keys are rejected, never stored. */
export function validateBackgroundMessage(message: unknown): ValidationResult {
  if (typeof message !== 'object' || message === null || !('type' in message)) {
    return { ok: false, code: 'invalid-message', message: 'A message must be an object with a "type".' };
  }
  const { type } = message as { type: unknown };
  if (!isMessageType(type)) {
    return { ok: false, code: 'unknown-type', message: `Unknown message type: ${String(type).slice(0, 80)}` };
  }
  const result = v.safeParse(payloadSchemas[type], (message as { payload?: unknown }).payload);
  if (!result.success) {
    const code: ErrorCode = isTooLarge(result.issues) ? 'too-large' : 'invalid-message';
    const detail = result.issues.slice(0, 3).map(describeIssue).join('; ');
    return { ok: false, code, message: `Invalid ${type}: ${detail}` };
  }
  return { ok: true, envelope: { type, payload: result.output } as Envelope<BackgroundMessages> };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_STORED_FILE_BYTES } from '../generated/spec-facts.ts';
import { amzDate, credentialScope, isoSeconds } from './aws-format.ts';
import type { S3ErrorDetails } from './http.ts';

/**
 * The S3 presigned POST the real service hands out (docs/protocol.md A2 step 1), signed by the emulator's own secret
 * instead of AWS credentials, and its verification by the upload endpoint.
 */
const ACCESS_KEY = 'PNEMULATORACCESSKEY';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const BUCKET = 'pubnub-emulator-files';

export interface FormField {
  key: string;
  value: string;
}

export interface UploadForm {
  url: string;
  method: 'POST';
  expiration_date: string;
  form_fields: FormField[];
}

export interface UploadFormRequest {
  uploadUrl: string;
  objectKey: string;
  contentType: string;
  objectTtlDays: number;
  nowMs: number;
  ttlMs: number;
}

export function createUploadForm(secret: Uint8Array, request: UploadFormRequest): UploadForm {
  const expiration = isoSeconds(request.nowMs + request.ttlMs);
  const tagging =
    '<Tagging><TagSet><Tag><Key>ObjectTTLInDays</Key>' +
    `<Value>${request.objectTtlDays}</Value></Tag></TagSet></Tagging>`;
  const credential = credentialScope(ACCESS_KEY, request.nowMs);
  const date = amzDate(request.nowMs);
  const policy = Buffer.from(
    JSON.stringify({
      expiration,
      conditions: [
        { bucket: BUCKET },
        ['eq', '$tagging', tagging],
        ['eq', '$key', request.objectKey],
        ['content-length-range', 0, MAX_STORED_FILE_BYTES],
        ['starts-with', '$Content-Type', ''],
        { 'x-amz-credential': credential },
        { 'x-amz-security-token': '' },
        { 'x-amz-algorithm': ALGORITHM },
        { 'x-amz-date': date },
      ],
    }),
  ).toString('base64');
  return {
    url: request.uploadUrl,
    method: 'POST',
    expiration_date: expiration,
    form_fields: [
      { key: 'tagging', value: tagging },
      { key: 'key', value: request.objectKey },
      { key: 'Content-Type', value: request.contentType },
      { key: 'X-Amz-Credential', value: credential },
      { key: 'X-Amz-Security-Token', value: '' },
      { key: 'X-Amz-Algorithm', value: ALGORITHM },
      { key: 'X-Amz-Date', value: date },
      { key: 'Policy', value: policy },
      { key: 'X-Amz-Signature', value: signPolicy(secret, policy) },
    ],
  };
}

function signPolicy(secret: Uint8Array, policy: string): string {
  return createHmac('sha256', secret).update(policy, 'utf8').digest('hex');
}

export type UploadCheck =
  | { ok: true; objectKey: string; contentType: string; minBytes: number; maxBytes: number }
  | { ok: false; status: number; error: S3ErrorDetails };

/** Fields S3 never requires a policy condition for. */
const EXEMPT_FIELDS = new Set(['policy', 'x-amz-signature', 'file']);

/**
 * Checks the text fields of an upload (names lower-cased, as S3 compares them) before any file byte is accepted:
 * signature, expiry, then every policy condition, then fields the policy does not cover.
 */
export function checkUploadFields(secret: Uint8Array, fields: ReadonlyMap<string, string>, nowMs: number): UploadCheck {
  const policy = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (policy === undefined || signature === undefined) {
    return denied('AccessDenied', 'Invalid according to Policy: Policy and X-Amz-Signature fields are required.');
  }
  const expected = Buffer.from(signPolicy(secret, policy));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return denied(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  const document = parsePolicy(policy);
  if (document === undefined)
    return {
      ok: false,
      status: 400,
      error: { code: 'InvalidPolicyDocument', message: 'Invalid Policy: Invalid JSON.' },
    };
  if (Date.parse(document.expiration) <= nowMs)
    return denied('AccessDenied', 'Invalid according to Policy: Policy expired.');

  let minBytes = 0;
  let maxBytes = MAX_STORED_FILE_BYTES;
  const covered = new Set<string>();
  for (const condition of document.conditions) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      minBytes = Number(condition[1]);
      maxBytes = Number(condition[2]);
      continue;
    }
    const { op, name, value: expectedValue } = normalizeCondition(condition);
    if (name === 'bucket') continue;
    covered.add(name);
    const actual = fields.get(name) ?? '';
    const holds = op === 'starts-with' ? actual.startsWith(expectedValue) : actual === expectedValue;
    if (!holds) {
      return denied(
        'AccessDenied',
        `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
      );
    }
  }
  const extra = [...fields.keys()].filter(
    (name) => !covered.has(name) && !EXEMPT_FIELDS.has(name) && !name.startsWith('x-ignore-'),
  );
  if (extra.length > 0)
    return denied('AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return {
    ok: true,
    objectKey: fields.get('key') ?? '',
    contentType: fields.get('content-type') ?? 'binary/octet-stream',
    minBytes,
    maxBytes,
  };
}

/** `{"key": v}` and `["eq", "$key", v]` mean the same; field names compare case-insensitively. */
function normalizeCondition(condition: Record<string, unknown> | unknown[]): {
  op: string;
  name: string;
  value: string;
} {
  if (Array.isArray(condition)) {
    return {
      op: String(condition[0]),
      name: String(condition[1]).replace(/^\$/, '').toLowerCase(),
      value: String(condition[2]),
    };
  }
  const [name = '', value = ''] = Object.entries(condition)[0] ?? [];
  return { op: 'eq', name: name.toLowerCase(), value: String(value) };
}

interface PolicyDocument {
  expiration: string;
  conditions: Array<Record<string, unknown> | unknown[]>;
}

function parsePolicy(policy: string): PolicyDocument | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { expiration, conditions } = parsed as Record<string, unknown>;
    if (typeof expiration !== 'string' || !Array.isArray(conditions)) return undefined;
    return { expiration, conditions: conditions as PolicyDocument['conditions'] };
  } catch {
    return undefined;
  }
}

function denied(code: string, message: string): UploadCheck {
  return { ok: false, status: 403, error: { code, message } };
}

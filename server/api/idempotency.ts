import type { Request } from 'express';

import { DAY_MS } from '../clock';
import type { Models } from '../db/models';
import { ValidationError } from '../errors';
import { sha256Hex } from '../lib/hash';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { IdempotencyKeyReusedError } from './errors';

/** How long a key returns its first response. */
export const IDEMPOTENCY_KEY_TTL_MS = DAY_MS;

/** 1 to 255 visible ASCII characters, such as a UUID. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: string;
  location?: string;
}

/**
 * Decision for a request that has an Idempotency-Key:
 * - `replay`: an earlier request finished; send its response again.
 * - `proceed`: do the work with `dedupeKey`, then call completeIdempotentRequest. Concurrent requests
 *   with the same key and body all proceed with the same dedupeKey, so they create one deletion request.
 */
export type IdempotencyDecision =
  | { action: 'replay'; response: StoredResponse }
  | { action: 'proceed'; dedupeKey: string; recordId: unknown; generation: Date };

/** Reads the Idempotency-Key header; undefined when absent, a 400 when malformed. */
export function readIdempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ValidationError(
      'Idempotency-Key must be 1 to 255 visible ASCII characters. Send a new random value, such as a UUID, per request.',
      'Idempotency-Key',
    );
  }
  return key;
}

/** Hashes what makes two requests "the same": method, path and the body with its object keys sorted. */
export function hashRequest(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method} ${path}\n${canonicalJson(body)}`);
}

/**
 * Claims an Idempotency-Key for a request, or finds the earlier request that claimed it. Throws
 * IdempotencyKeyReusedError (422) when the key was used with another body in the last 24 hours.
 */
export async function beginIdempotentRequest(
  models: Models,
  input: { shop: string; key: string; requestHash: string; now: Date },
): Promise<IdempotencyDecision> {
  const { shop, key, requestHash, now } = input;
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS);

  // Each pass either decides or finds that the record changed under it (expired and replaced, or
  // deleted). Three passes are enough unless many requests reuse the key at the moment it expires.
  for (let pass = 0; pass < 3; pass += 1) {
    try {
      const created = await models.IdempotencyRecord.create({ shop, key, requestHash, createdAt: now, expiresAt });
      await models.IdempotencyRecord.deleteMany({ shop, expiresAt: { $lte: now } });
      return proceed(created._id, now);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }

    const existing = await models.IdempotencyRecord.findOne({ shop, key }).lean();
    if (!existing) continue;

    if (existing.expiresAt.getTime() <= now.getTime()) {
      const replaced = await models.IdempotencyRecord.updateOne(
        { _id: existing._id, createdAt: existing.createdAt },
        { $set: { requestHash, createdAt: now, expiresAt }, $unset: { response: 1 } },
      );
      if (replaced.matchedCount === 1) return proceed(existing._id, now);
      continue;
    }

    if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    if (existing.response) {
      const { status, body, location } = existing.response;
      return { action: 'replay', response: { status, body, ...(location ? { location } : {}) } };
    }
    return proceed(existing._id, existing.createdAt);
  }
  throw new Error('The idempotency record changed on every read; giving up');
}

/** Stores the first response for replay; a concurrent twin that finishes later stores nothing. */
export async function completeIdempotentRequest(
  models: Models,
  decision: Extract<IdempotencyDecision, { action: 'proceed' }>,
  response: StoredResponse,
): Promise<void> {
  await models.IdempotencyRecord.updateOne(
    { _id: decision.recordId, createdAt: decision.generation, response: { $exists: false } },
    { $set: { response } },
  );
}

function proceed(recordId: unknown, generation: Date): IdempotencyDecision {
  // The generation (creation time) is part of the key, so the same Idempotency-Key used again after
  // it expired starts a new deletion request instead of finding the old one.
  return { action: 'proceed', dedupeKey: `api:${String(recordId)}:${generation.getTime()}`, recordId, generation };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

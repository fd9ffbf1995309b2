import { isValidObjectId } from 'mongoose';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { AppError } from '../errors';
import { sha256Hex } from '../lib/hash';
import { API_KEY_PREFIX_LENGTH, generateApiKey, looksLikeApiKey } from './key';

/** Active (not revoked) keys a shop may have at once. */
export const MAX_ACTIVE_API_KEYS = 25;

/** An API key as the app page shows it: never the key itself. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class ApiKeyLimitError extends AppError {
  constructor() {
    super(
      409,
      'API_KEY_LIMIT_REACHED',
      `A shop can have at most ${MAX_ACTIVE_API_KEYS} active API keys. Revoke a key you no longer use, then create the new one.`,
    );
  }
}

/** Result of checking a presented key: the key's id and shop, or why it was rejected. */
export type ApiKeyCheck = { ok: true; id: string; shop: string } | { ok: false; reason: 'invalid' | 'revoked' };

interface StoredApiKey {
  _id: unknown;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
}

/** Creates a key for the shop. The returned `key` is the only copy of the full key; the server keeps its hash. */
export async function createApiKey(
  models: Models,
  clock: Clock,
  input: { shop: string; name: string },
): Promise<{ apiKey: ApiKeyView; key: string }> {
  // NOTE: two concurrent creations can both pass this count and end one key over the limit.
  // The limit stops runaway scripts and is not meant as an exact count.
  const active = await models.ApiKey.countDocuments({ shop: input.shop, revokedAt: null });
  if (active >= MAX_ACTIVE_API_KEYS) throw new ApiKeyLimitError();

  const key = generateApiKey();
  const created = await models.ApiKey.create({
    shop: input.shop,
    name: input.name,
    prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
    keyHash: sha256Hex(key),
    createdAt: clock.now(),
  });
  return { apiKey: toApiKeyView(created), key };
}

/** Lists the shop's keys, revoked ones included, newest first. */
export async function listApiKeys(models: Models, shop: string): Promise<ApiKeyView[]> {
  const keys = await models.ApiKey.find({ shop }).sort({ createdAt: -1, _id: -1 }).lean<StoredApiKey[]>();
  return keys.map(toApiKeyView);
}

/**
 * Revokes one of the shop's keys. Returns false when the shop has no key with this id, so another
 * shop's key looks the same as a key that never existed. Revoking twice keeps the first time.
 */
export async function revokeApiKey(models: Models, clock: Clock, shop: string, id: string): Promise<boolean> {
  if (!isValidObjectId(id) || !/^[0-9a-f]{24}$/i.test(id)) return false;

  const key = await models.ApiKey.findOne({ _id: id, shop }).select('_id revokedAt').lean();
  if (!key) return false;
  if (!key.revokedAt) {
    await models.ApiKey.updateOne({ _id: key._id, revokedAt: null }, { $set: { revokedAt: clock.now() } });
    await models.RateLimitSlot.deleteMany({ key: String(key._id) });
  }
  return true;
}

/** Checks a key presented by a client and records its use in lastUsedAt. */
export async function checkApiKey(models: Models, clock: Clock, presented: string): Promise<ApiKeyCheck> {
  if (!looksLikeApiKey(presented)) return { ok: false, reason: 'invalid' };

  const key = await models.ApiKey.findOne({ keyHash: sha256Hex(presented) })
    .select('_id shop revokedAt')
    .lean();
  if (!key) return { ok: false, reason: 'invalid' };
  if (key.revokedAt) return { ok: false, reason: 'revoked' };

  await models.ApiKey.updateOne({ _id: key._id }, { $set: { lastUsedAt: clock.now() } });
  return { ok: true, id: String(key._id), shop: key.shop };
}

function toApiKeyView(key: StoredApiKey): ApiKeyView {
  return {
    id: String(key._id),
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}

/** Deletes a shop's API keys with their rate-limit counts and idempotency records (shop/redact). */
export async function deleteShopApiData(models: Models, shop: string): Promise<void> {
  const keys = await models.ApiKey.find({ shop }).select('_id').lean();
  const keyIds = keys.map((key) => String(key._id));
  if (keyIds.length > 0) await models.RateLimitSlot.deleteMany({ key: { $in: keyIds } });
  await models.IdempotencyRecord.deleteMany({ shop });
  await models.ApiKey.deleteMany({ shop });
}

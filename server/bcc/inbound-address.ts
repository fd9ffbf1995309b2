import { createHmac, randomBytes } from 'node:crypto';

import { systemClock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db/models';
import { sha256Hex } from '../lib/hash';
import { upsertWithRetry } from '../lib/upsert';
import { withLock } from '../invitations/lock';

export interface InboundConfig {
  /** Domain of the inbound addresses: `<token>@<domain>`. */
  domain: string;
  /** Key the tokens are derived with. */
  tokenSecret: string;
}

/** Reads the inbound settings; without INBOUND_TOKEN_SECRET the client secret is the key. */
export function inboundConfig(config: Config): InboundConfig {
  return {
    domain: config.INBOUND_EMAIL_DOMAIN.toLowerCase(),
    tokenSecret: config.INBOUND_TOKEN_SECRET ?? config.SHOPIFY_API_SECRET,
  };
}

/** 40 lower-case hex digits (160 bits): fits an address's local part and survives lower-casing. */
const TOKEN_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Derives a shop's inbound token from the key and the shop's nonce. The database keeps the nonce
 * and the token's hash, so a database dump alone yields no working address, yet the admin page can
 * show the address again.
 */
export function deriveInboundToken(secret: string, shop: string, nonce: string): string {
  return createHmac('sha256', secret).update(`bcc-inbound\n${shop}\n${nonce}`).digest('hex').slice(0, 40);
}

/** Tries before giving up when a concurrent write on FerretDB keeps removing the new nonce. */
const CREATE_TRIES = 3;

/**
 * Returns the shop's inbound address, creating its token on first use. Creation runs under a
 * lock per shop, because FerretDB 1.24 runs an update as a read followed by a write. Without the
 * lock, concurrent first requests lost the stored nonce in tests and could show different addresses.
 */
export async function ensureInboundAddress(models: Models, config: InboundConfig, shop: string): Promise<string> {
  for (let attempt = 0; attempt < CREATE_TRIES; attempt += 1) {
    const nonce =
      (await storedNonce(models, shop)) ??
      (await withLock({ models, clock: systemClock }, `inbound:${shop}`, () => createNonce(models, config, shop)));
    // On FerretDB a concurrent write of the shop document can drop a nonce just stored, so check and retry.
    if ((await storedNonce(models, shop)) === nonce) {
      return `${deriveInboundToken(config.tokenSecret, shop, nonce)}@${config.domain}`;
    }
  }
  throw new Error('The inbound address nonce was not stored');
}

async function storedNonce(models: Models, shop: string): Promise<string | undefined> {
  const stored = await models.Shop.findOne({ shop }).select('inbound.nonce').lean();
  return stored?.inbound?.nonce ?? undefined;
}

/** Stores a nonce unless another holder of the lock stored one first; returns the stored nonce. */
async function createNonce(models: Models, config: InboundConfig, shop: string): Promise<string> {
  await upsertWithRetry(() => models.Shop.updateOne({ shop }, { $setOnInsert: { shop } }, { upsert: true }));
  const existing = await storedNonce(models, shop);
  if (existing) return existing;

  const nonce = randomBytes(16).toString('hex');
  const token = deriveInboundToken(config.tokenSecret, shop, nonce);
  await models.Shop.updateOne({ shop }, { $set: { 'inbound.nonce': nonce, 'inbound.tokenHash': sha256Hex(token) } });
  return nonce;
}

/** Finds the shop an inbound token belongs to; undefined for a malformed or unknown token. */
export async function findShopByInboundToken(models: Models, token: string): Promise<string | undefined> {
  const normalized = token.toLowerCase();
  if (!TOKEN_PATTERN.test(normalized)) return undefined;

  const record = await models.Shop.findOne({ 'inbound.tokenHash': sha256Hex(normalized) })
    .select('shop')
    .lean();
  return record?.shop;
}

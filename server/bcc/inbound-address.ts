import { createHmac, randomBytes } from 'node:crypto';

import type { Config } from '../config';
import type { Models } from '../db/models';
import { sha256Hex } from '../lib/hash';

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

/** Returns the shop's inbound address, creating its token on first use. */
export async function ensureInboundAddress(models: Models, config: InboundConfig, shop: string): Promise<string> {
  const nonce = randomBytes(16).toString('hex');
  const token = deriveInboundToken(config.tokenSecret, shop, nonce);

  await models.Shop.updateOne({ shop }, { $setOnInsert: { shop } }, { upsert: true });
  // Only the first caller's nonce is stored; a concurrent caller's update matches nothing.
  await models.Shop.updateOne(
    { shop, 'inbound.nonce': { $exists: false } },
    { $set: { 'inbound.nonce': nonce, 'inbound.tokenHash': sha256Hex(token) } },
  );

  const stored = await models.Shop.findOne({ shop }).select('inbound.nonce').lean();
  const storedNonce = stored?.inbound?.nonce;
  if (!storedNonce) throw new Error('The inbound address nonce was not stored');
  return `${deriveInboundToken(config.tokenSecret, shop, storedNonce)}@${config.domain}`;
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

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

import { InvalidHmacError, PayloadTooLargeError } from '../errors';

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the request body while computing its HMAC, so the signature decides the answer even for
 * a body over the limit: a wrong signature is a 401 whatever the size, a right one over the
 * limit is a 413. Bytes past `limitBytes` are hashed and dropped, never kept in memory.
 */
export async function readSignedBody(req: Request, secret: string, limitBytes: number): Promise<Buffer> {
  const hmac = createHmac('sha256', secret);
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of req as AsyncIterable<Buffer>) {
    hmac.update(chunk);
    size += chunk.length;
    if (size <= limitBytes) chunks.push(chunk);
  }

  if (!signatureMatches(req.get('x-shopify-hmac-sha256'), hmac.digest())) throw new InvalidHmacError();
  if (size > limitBytes) throw new PayloadTooLargeError(`${Math.round(limitBytes / 1024 / 1024)} MB`);
  return Buffer.concat(chunks, size);
}

function signatureMatches(header: string | undefined, expected: Buffer): boolean {
  const value = header?.trim();
  if (!value || !base64Pattern.test(value)) return false;
  const received = Buffer.from(value, 'base64');
  // timingSafeEqual throws on unequal lengths; a digest of another length is simply wrong.
  return received.length === expected.length && timingSafeEqual(received, expected);
}

import type { RequestHandler } from 'express';

import { checkApiKey } from '../api-keys/service';
import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { InvalidApiKeyError, MissingApiKeyError, RevokedApiKeyError } from './errors';

const REALM = 'Bearer realm="api"';

/** The authenticated key, on res.locals.apiKey after requireApiKey. */
export interface ApiKeyIdentity {
  id: string;
  shop: string;
}

/**
 * Checks `Authorization: Bearer <API key>` and puts the key's id and shop on res.locals.apiKey.
 * Every rejection is a 401 with WWW-Authenticate, as RFC 6750 section 3 describes: no error code
 * when no key was sent, error="invalid_token" for an unknown or revoked key.
 */
export function requireApiKey(deps: { models: Models; clock: Clock }): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) {
      res.set('WWW-Authenticate', REALM);
      return next(new MissingApiKeyError());
    }

    const match = /^Bearer +(\S+) *$/i.exec(header);
    const check = match ? await checkApiKey(deps.models, deps.clock, match[1]!) : undefined;
    if (!check?.ok) {
      res.set('WWW-Authenticate', `${REALM}, error="invalid_token"`);
      return next(check?.reason === 'revoked' ? new RevokedApiKeyError() : new InvalidApiKeyError());
    }

    const identity: ApiKeyIdentity = { id: check.id, shop: check.shop };
    res.locals.apiKey = identity;
    next();
  };
}

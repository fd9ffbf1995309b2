import { AppError } from '../errors';

export class MissingApiKeyError extends AppError {
  constructor() {
    super(
      401,
      'MISSING_API_KEY',
      'The Authorization header is missing. Send "Authorization: Bearer <API key>" with a key created on the app page.',
    );
  }
}

export class InvalidApiKeyError extends AppError {
  constructor() {
    super(401, 'INVALID_API_KEY', 'The API key is not valid. Check that you sent the whole key, or create a new one.');
  }
}

export class RevokedApiKeyError extends AppError {
  constructor() {
    super(401, 'API_KEY_REVOKED', 'The API key was revoked. Create a new key on the app page.');
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'RATE_LIMITED',
      `Too many requests with this API key. Wait ${retryAfterSeconds} seconds (see Retry-After), then try again.`,
    );
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body in the last 24 hours. Use a new key for a new request.',
      'Idempotency-Key',
    );
  }
}

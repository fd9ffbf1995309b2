/**
 * Errors the HTTP layer turns into responses. Each carries a status, a stable UPPER_SNAKE code,
 * a message the client can act on and, where one input is at fault, the field.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super(400, 'VALIDATION_FAILED', message, field);
  }
}

export class InvalidHmacError extends AppError {
  constructor() {
    super(401, 'INVALID_HMAC', 'The X-Shopify-Hmac-Sha256 header is missing or does not match the request body.');
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super(404, 'NOT_FOUND', message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}. Send a smaller body.`);
  }
}

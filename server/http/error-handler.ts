import type { ErrorRequestHandler } from 'express';

import { AppError } from '../errors';
import { describeError } from '../lib/describe-error';
import type { Logger } from '../logger';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Maps every error to one JSON shape: { error: { code, message, field?, requestId } }. Errors the
 * app did not raise on purpose become a 500 whose message reveals nothing about the internals.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = res.locals.requestId as string | undefined;
    const known = toAppError(error as BodyParserError);

    if (known.status >= 500) {
      logger.error(
        { requestId, method: req.method, path: req.route?.path ?? req.path, error: describeError(error as Error) },
        'Request failed',
      );
    } else {
      logger.info({ requestId, status: known.status, code: known.code }, 'Request rejected');
    }

    res.status(known.status).json({
      error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}), requestId },
    });
  };
}

function toAppError(error: BodyParserError): AppError {
  if (error instanceof AppError) return error;
  if (error.type === 'entity.too.large') {
    return new AppError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than the limit of ${error.limit} bytes. Send a smaller body.`,
    );
  }
  if (error.type === 'entity.parse.failed') {
    return new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON.', 'body');
  }
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') {
    return new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'The body charset or Content-Encoding is not supported. Send UTF-8 JSON, uncompressed or compressed with gzip, deflate or br.',
    );
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new AppError(error.status, 'BAD_REQUEST', 'The request could not be read. Check its headers and body.');
  }
  return new AppError(
    500,
    'INTERNAL_ERROR',
    'Something went wrong on our side. Try again later; if it persists, contact support with the request id.',
  );
}

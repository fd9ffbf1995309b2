import { Types } from 'mongoose';

import { ValidationError } from '../../errors';

/** Position after the last item of a page, newest first: its requestedAt and id. */
export interface PageCursor {
  requestedAt: Date;
  id: Types.ObjectId;
}

/** Encodes a cursor as opaque base64url text; clients send it back unchanged. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.requestedAt.getTime()}.${cursor.id.toHexString()}`).toString('base64url');
}

export function decodeCursor(text: string): PageCursor {
  const match = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) {
    throw new ValidationError(
      'cursor is not valid. Send the nextCursor value of the previous page unchanged, or leave it out for the first page.',
      'cursor',
    );
  }
  return { requestedAt: new Date(Number(match[1])), id: new Types.ObjectId(match[2]) };
}

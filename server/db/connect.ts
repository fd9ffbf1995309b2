import mongoose, { type Connection } from 'mongoose';

export const DEFAULT_DATABASE_NAME = 'review_invitations';

/**
 * Opens a mongoose connection with autoIndex off; indexes are created by syncIndexes at start.
 * The database is `dbName` when given, else the one named in the URI path, else review_invitations.
 */
export async function connectDatabase(uri: string, dbName?: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: dbName ?? databaseNameFromUri(uri) ?? DEFAULT_DATABASE_NAME,
    autoIndex: false,
    autoCreate: false,
    // Fail at once while disconnected instead of queueing: a webhook must get a 5xx within
    // Shopify's 5-second limit so it is retried, not time out.
    bufferCommands: false,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
}

function databaseNameFromUri(uri: string): string | undefined {
  // The path of a mongodb:// URI is "/<database>"; query options follow after "?".
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

import mongoose, { type Connection } from 'mongoose';

export const DEFAULT_DATABASE_NAME = 'review_invitations';

/** Opens a mongoose connection with autoIndex off; indexes are created by syncIndexes at start. */
export async function connectDatabase(uri: string, dbName: string = DEFAULT_DATABASE_NAME): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
}

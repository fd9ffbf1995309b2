/** True for MongoDB's duplicate key error (code 11000), which FerretDB reports the same way. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Runs an upsert on a collection with a unique index, and runs it once more if it fails with a
 * duplicate key error. Two concurrent upserts for a new key can both find no document and both
 * insert. The unique index lets one insert through and fails the other with 11000. The document
 * exists by then, so the second attempt matches it and applies the update there.
 *
 * `run` must build a new query on each call, because a mongoose query runs only once.
 */
export async function upsertWithRetry<T>(run: () => PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return await run();
  }
}

import { useCallback, useEffect, useState } from 'react';

import { ApiError } from './api';

export interface LoadState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads data when the component mounts and whenever `key` changes. A newer load wins over an older one. */
export function useLoad<T>(load: () => Promise<T>, key: string): LoadState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    load()
      .then((result) => {
        if (current) setData(result);
      })
      .catch((failure: unknown) => {
        if (current) setError(toApiError(failure));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
    // `load` is a new function on every render, so `key` marks when its inputs changed.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload };
}

export function toApiError(failure: unknown): ApiError {
  if (failure instanceof ApiError) return failure;
  return new ApiError(0, 'UNEXPECTED_ERROR', failure instanceof Error ? failure.message : String(failure));
}

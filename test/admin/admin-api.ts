import { signSessionToken } from '../helpers/session-token';
import { TEST_SHOP } from '../helpers/shopify';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls an admin API route with a session token for `shop`, as the embedded page does. */
export async function callAdmin(
  baseUrl: string,
  method: string,
  path: string,
  options: { shop?: string; body?: unknown } = {},
): Promise<ApiResponse> {
  const response = await fetch(`${baseUrl}/admin/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${signSessionToken({ shop: options.shop ?? TEST_SHOP })}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: response.status, body: isJson ? JSON.parse(text) : text, headers: response.headers };
}

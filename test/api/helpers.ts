import { signSessionToken } from '../helpers/session-token';
import { TEST_SHOP } from '../helpers/shopify';
import { assertMatchesOpenApi } from './openapi-validator';

export const DELETIONS_PATH = '/api/v1/invitation-data/deletions';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Calls the REST API and checks the response against the OpenAPI document before returning it,
 * so every test that calls the API also tests the document.
 */
export async function callApi(
  baseUrl: string,
  path: string,
  options: {
    method?: string;
    key?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;

  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }

  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const parsed = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text;

  const result = { status: response.status, headers: response.headers, body: parsed };
  assertMatchesOpenApi(method, path, result);
  return result;
}

/** Calls an admin route with a valid session token of the shop. */
export async function callAdmin(
  baseUrl: string,
  path: string,
  options: { method?: string; shop?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/admin/api${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${signSessionToken({ shop: options.shop ?? TEST_SHOP })}`,
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates an API key through the admin route, as the app page does; returns the full key and its id. */
export async function createApiKey(
  baseUrl: string,
  shop: string = TEST_SHOP,
  name = 'ERP integration',
): Promise<{ key: string; id: string }> {
  const created = await callAdmin(baseUrl, '/api-keys', { method: 'POST', shop, body: { name } });
  if (created.status !== 201) throw new Error(`Creating an API key failed: ${created.status}`);
  return { key: created.body.key, id: created.body.apiKey.id };
}

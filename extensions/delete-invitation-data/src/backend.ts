/**
 * Calls to the app's backend. Shopify resolves these relative URLs against the app's
 * application_url and adds the session token as the Authorization header, so the backend's
 * requireSessionToken check receives the shop of the admin the merchant is using.
 */

export interface DeletionPreview {
  invitations: number;
  bccMessages: number;
  lastInvited: number;
}

export interface DeletionStatus {
  id: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  counts: DeletionPreview;
}

/** The customer the admin action was opened for, as the backend routes expect it. */
export interface CustomerRef {
  customerId: string;
  email?: string;
}

export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export async function previewDeletion(customer: CustomerRef): Promise<DeletionPreview> {
  const body = await callBackend<{ preview: DeletionPreview }>(
    'POST',
    '/admin/api/customer-deletions/preview',
    customer,
  );
  return body.preview;
}

export async function startDeletion(customer: CustomerRef): Promise<DeletionStatus> {
  const body = await callBackend<{ deletion: DeletionStatus }>('POST', '/admin/api/customer-deletions', customer);
  return body.deletion;
}

export async function fetchDeletion(id: string): Promise<DeletionStatus> {
  const path = `/admin/api/customer-deletions/${encodeURIComponent(id)}`;
  const body = await callBackend<{ deletion: DeletionStatus }>('GET', path);
  return body.deletion;
}

async function callBackend<Result>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result> {
  const response = await fetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text === '' ? {} : (JSON.parse(text) as { error?: { code?: string; message?: string } });

  if (!response.ok) {
    const error = 'error' in json ? json.error : undefined;
    throw new BackendError(
      response.status,
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? `${method} ${path} failed with status ${response.status}`,
    );
  }
  return json as Result;
}

interface CustomerEmailQuery {
  customer: { defaultEmailAddress: { emailAddress: string | null } | null } | null;
}

/**
 * Reads the customer's email address through the Admin GraphQL API, so the backend can match
 * records stored by email only (such as BCC messages without a customer id). Returns undefined
 * when the app may not read it, for example without access to protected customer data.
 */
export async function readCustomerEmail(customerId: string): Promise<string | undefined> {
  try {
    const result = await shopify.query<CustomerEmailQuery>(
      'query CustomerEmail($id: ID!) { customer(id: $id) { defaultEmailAddress { emailAddress } } }',
      { variables: { id: customerId } },
    );
    return result.data?.customer?.defaultEmailAddress?.emailAddress ?? undefined;
  } catch {
    return undefined;
  }
}

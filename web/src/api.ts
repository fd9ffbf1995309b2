/** Error returned by the app's API: `{error:{code,message,field?,requestId}}`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Calls an admin API route with the App Bridge session token. App Bridge also adds the header to
 * same-origin fetches, but asking for the token here keeps the page working without that wrapper.
 */
export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await shopify.idToken();
  let response: Response;
  try {
    response = await fetch(`/admin/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The app could not be reached. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);

  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The request failed with status ${response.status}.`,
      error?.field,
    );
  }
  return parsed as T;
}

/** Downloads a file from an admin API route (with the session token) and saves it in the browser. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const token = await shopify.idToken();
  const response = await fetch(`/admin/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const error = (parseJson(await response.text()) as { error?: { code?: string; message?: string } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The download failed with status ${response.status}.`,
    );
  }

  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export type Frequency = 'every_order' | '30d' | '90d' | '1y' | '3y';
export const FREQUENCIES: Frequency[] = ['every_order', '30d', '90d', '1y', '3y'];

export interface Settings {
  delayDays: number;
  frequency: Frequency;
}

export interface DeletionCounts {
  invitations: number;
  bccMessages: number;
  lastInvited: number;
}

export interface Deletion {
  id: string;
  source: 'admin' | 'api' | 'webhook' | 'retention' | 'uninstall' | 'admin_extension';
  scope: { kind: 'customer' | 'before_date' | 'shop' | 'access_tokens' | 'retention'; before: string | null };
  status: 'pending' | 'running' | 'done' | 'failed';
  counts: DeletionCounts;
  requestedAt: string;
  finishedAt: string | null;
}

export interface DataExport {
  id: string;
  dataRequestId: string | null;
  customerEmail: string | null;
  customerId: string | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  requestedAt: string;
  expiresAt: string;
}

export type InvitationStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'reviewed';
export const INVITATION_STATUSES: InvitationStatus[] = [
  'scheduled',
  'sending',
  'sent',
  'failed',
  'cancelled',
  'reviewed',
];

export interface Invitation {
  id: string;
  email: string;
  orderName: string | null;
  status: InvitationStatus;
  scheduledFor: string | null;
  createdAt: string;
}

export interface RetentionPeriods {
  bccMessagesDays: number;
  invitationsDays: number;
  dataExportsDays: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

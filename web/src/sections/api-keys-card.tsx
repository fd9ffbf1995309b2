import {
  Badge,
  Banner,
  Button,
  DataTable,
  InlineStack,
  Modal,
  SkeletonBodyText,
  Text,
  TextField,
} from '@shopify/polaris';
import { useState } from 'react';

import { apiRequest, type ApiError, type ApiKey } from '../api';
import { ErrorBanner } from '../error-banner';
import { fieldErrorText, type FieldMessages } from '../field-errors';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import { toApiError, useLoad } from '../use-load';

const FIELD_MESSAGES: FieldMessages = { name: 'apiKeyNameInvalid' };

/** Creates, lists and revokes API keys for the REST API. A new key is shown once. */
export function ApiKeysCard() {
  const { t, formatDateTime } = useTranslator();
  const keys = useLoad(() => apiRequest<{ apiKeys: ApiKey[] }>('GET', '/api-keys'), 'api-keys');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function createKey() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await apiRequest<{ apiKey: ApiKey; key: string }>('POST', '/api-keys', { name: name.trim() });
      setCreated(result.key);
      setName('');
      keys.reload();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function revokeKey() {
    if (!revoking) return;
    setBusy(true);
    setError(undefined);
    try {
      await apiRequest('DELETE', `/api-keys/${revoking.id}`);
      keys.reload();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
      setRevoking(undefined);
    }
  }

  const nameError = fieldErrorText(error, 'name', FIELD_MESSAGES, t);
  const rows = (keys.data?.apiKeys ?? []).map((key) => [
    key.name,
    `${key.prefix}…`,
    formatDateTime(key.createdAt),
    key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('never'),
    key.revokedAt ? (
      <Badge key="state">{t('revoked')}</Badge>
    ) : (
      <Badge key="state" tone="success">
        {t('active')}
      </Badge>
    ),
    key.revokedAt ? (
      ''
    ) : (
      <Button
        key="revoke"
        size="slim"
        tone="critical"
        onClick={() => setRevoking(key)}
        accessibilityLabel={`${t('revokeApiKey')}: ${key.name}`}
      >
        {t('revokeApiKey')}
      </Button>
    ),
  ]);

  return (
    <TitledCard title={t('apiKeysTitle')} intro={t('apiKeysIntro')}>
      <ErrorBanner error={keys.error} onRetry={keys.reload} />
      {nameError ? null : <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {created ? (
        <Banner tone="success" title={t('apiKeyCreated')} onDismiss={() => setCreated(undefined)}>
          <Text as="p" fontWeight="semibold" breakWord>
            <code>{created}</code>
          </Text>
        </Banner>
      ) : null}
      <InlineStack gap="200" blockAlign="end">
        <TextField
          label={t('apiKeyName')}
          value={name}
          onChange={setName}
          autoComplete="off"
          maxLength={100}
          error={nameError}
        />
        <Button onClick={() => void createKey()} disabled={name.trim() === '' || busy} loading={busy && !revoking}>
          {t('createApiKey')}
        </Button>
      </InlineStack>
      {keys.loading && !keys.data ? <SkeletonBodyText lines={3} /> : null}
      {keys.data && rows.length === 0 ? (
        <Text as="p" tone="subdued">
          {t('apiKeysEmpty')}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'text', 'text', 'text']}
          headings={[
            t('columnName'),
            t('columnPrefix'),
            t('columnCreated'),
            t('columnLastUsed'),
            t('columnStatus'),
            '',
          ]}
          rows={rows}
        />
      ) : null}
      <Modal
        open={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        title={t('confirmRevokeTitle', { name: revoking?.name ?? '' })}
        primaryAction={{
          content: t('revokeApiKey'),
          destructive: true,
          loading: busy,
          onAction: () => void revokeKey(),
        }}
        secondaryActions={[{ content: t('cancel'), onAction: () => setRevoking(undefined) }]}
      >
        <Modal.Section>
          <Text as="p">{t('confirmRevokeText')}</Text>
        </Modal.Section>
      </Modal>
    </TitledCard>
  );
}

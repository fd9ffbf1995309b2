import { Badge, Button, DataTable, EmptyState, SkeletonBodyText, Text } from '@shopify/polaris';
import { useState } from 'react';

import { apiRequest, downloadFile, type ApiError, type DataExport } from '../api';
import { ErrorBanner } from '../error-banner';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import { toApiError, useLoad } from '../use-load';

/** Lists the customers/data_request exports and downloads each as JSON until it expires. */
export function DataRequestsCard() {
  const { t, formatDate, formatDateTime } = useTranslator();
  const exports = useLoad(() => apiRequest<{ dataExports: DataExport[] }>('GET', '/data-exports'), 'data-exports');
  const [error, setError] = useState<ApiError>();

  async function download(item: DataExport) {
    setError(undefined);
    try {
      await downloadFile(`/data-exports/${item.id}/download`, `data-request-${item.dataRequestId ?? item.id}.json`);
    } catch (failure) {
      setError(toApiError(failure));
    }
  }

  const rows = (exports.data?.dataExports ?? []).map((item) => [
    formatDateTime(item.requestedAt),
    item.dataRequestId ?? t('unknown'),
    item.customerEmail ?? item.customerId ?? t('unknown'),
    <Badge key="status" tone={item.status === 'done' ? 'success' : item.status === 'failed' ? 'critical' : 'info'}>
      {t(`exportStatus_${item.status}`)}
    </Badge>,
    formatDate(item.expiresAt),
    item.status === 'done' ? (
      <Button
        key="download"
        onClick={() => void download(item)}
        accessibilityLabel={`${t('download')}: ${item.dataRequestId ?? item.id}`}
      >
        {t('download')}
      </Button>
    ) : (
      ''
    ),
  ]);

  return (
    <TitledCard title={t('dataRequestsTitle')} intro={t('dataRequestsIntro')}>
      <ErrorBanner error={exports.error} onRetry={exports.reload} />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {exports.loading ? <SkeletonBodyText lines={4} /> : null}
      {exports.data && rows.length === 0 ? (
        <EmptyState heading={t('dataRequestsEmpty')} image="">
          <Text as="p">{t('dataRequestsEmptyText')}</Text>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'text', 'text', 'text']}
          headings={[
            t('columnRequested'),
            t('columnDataRequest'),
            t('columnCustomer'),
            t('columnStatus'),
            t('columnExpires'),
            '',
          ]}
          rows={rows}
        />
      ) : null}
    </TitledCard>
  );
}

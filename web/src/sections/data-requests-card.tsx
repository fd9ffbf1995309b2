import { Badge, Button, DataTable } from '@shopify/polaris';
import { useState } from 'react';

import { apiRequest, downloadFile, type ApiError, type DataExport } from '../api';
import { ListState } from '../list-state';
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
    <Badge key="status" tone={statusTone(item.status)}>
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
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <ListState
        load={exports}
        empty={rows.length === 0}
        skeletonLines={4}
        emptyHeading={t('dataRequestsEmpty')}
        emptyText={t('dataRequestsEmptyText')}
      />
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

function statusTone(status: DataExport['status']): 'success' | 'critical' | 'info' {
  if (status === 'done') return 'success';
  if (status === 'failed') return 'critical';
  return 'info';
}

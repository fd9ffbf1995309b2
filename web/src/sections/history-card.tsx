import { Badge, DataTable, InlineStack, Pagination } from '@shopify/polaris';
import { useState } from 'react';

import { apiRequest, type Deletion } from '../api';
import { ListState } from '../list-state';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import { useLoad } from '../use-load';

const PAGE_SIZE = 20;

const STATUS_TONE = { pending: 'info', running: 'attention', done: 'success', failed: 'critical' } as const;

/** Lists every deletion request of the shop, newest first, without personal data. */
export function HistoryCard(props: { refreshKey: number }) {
  const { t, formatDate, formatDateTime } = useTranslator();
  const [page, setPage] = useState(1);
  const history = useLoad(
    () =>
      apiRequest<{ deletions: Deletion[]; hasNextPage: boolean }>(
        'GET',
        `/deletions?page=${page}&pageSize=${PAGE_SIZE}`,
      ),
    `${page}:${props.refreshKey}`,
  );

  const rows = (history.data?.deletions ?? []).map((row) => [
    formatDateTime(row.requestedAt),
    t(`source_${row.source}`),
    row.scope.kind === 'before_date'
      ? t('scope_before_date', { date: formatDate(row.scope.before) })
      : t(`scope_${row.scope.kind}`),
    <Badge key="status" tone={STATUS_TONE[row.status]}>
      {t(`status_${row.status}`)}
    </Badge>,
    row.counts.invitations,
    row.counts.bccMessages,
    row.counts.lastInvited,
  ]);

  return (
    <TitledCard title={t('historyTitle')} intro={t('historyIntro')}>
      <ListState
        load={history}
        empty={rows.length === 0 && page === 1}
        skeletonLines={5}
        emptyHeading={t('historyEmpty')}
        emptyText={t('historyEmptyText')}
      />
      {rows.length > 0 ? (
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'text', 'numeric', 'numeric', 'numeric']}
          headings={[
            t('columnRequested'),
            t('columnSource'),
            t('columnScope'),
            t('columnStatus'),
            t('columnInvitations'),
            t('columnBccMessages'),
            t('columnLastInvited'),
          ]}
          rows={rows}
        />
      ) : null}
      {history.data && (page > 1 || history.data.hasNextPage) ? (
        <InlineStack align="center">
          <Pagination
            hasPrevious={page > 1}
            hasNext={history.data.hasNextPage}
            onPrevious={() => setPage(page - 1)}
            onNext={() => setPage(page + 1)}
            previousTooltip={t('previousPage')}
            nextTooltip={t('nextPage')}
            label={t('pageLabel', { page })}
          />
        </InlineStack>
      ) : null}
    </TitledCard>
  );
}

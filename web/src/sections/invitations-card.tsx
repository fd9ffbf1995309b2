import {
  Badge,
  BlockStack,
  Button,
  DataTable,
  InlineGrid,
  InlineStack,
  Modal,
  Pagination,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';

import { apiRequest, INVITATION_STATUSES, type ApiError, type Invitation, type InvitationStatus } from '../api';
import { ListState } from '../list-state';
import { ErrorBanner } from '../error-banner';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import type { MessageKey } from '../messages';
import { toApiError, useLoad } from '../use-load';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 300;

interface InvitationList {
  invitations: Invitation[];
  hasNextPage: boolean;
  skipCounts?: Record<string, number> | null;
}

/** Lists invitations by email and status, cancels scheduled ones and shows the skip counts. */
export function InvitationsCard() {
  const { t, formatDateTime } = useTranslator();
  const [search, setSearch] = useState('');
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const [page, setPage] = useState(1);
  const [cancelling, setCancelling] = useState<Invitation>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    const timer = setTimeout(() => {
      setEmail(search.trim());
      setPage(1);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (email) query.set('email', email);
  if (status) query.set('status', status);
  const list = useLoad(() => apiRequest<InvitationList>('GET', `/invitations?${query}`), query.toString());

  async function cancelInvitation() {
    if (!cancelling) return;
    setBusy(true);
    setError(undefined);
    try {
      await apiRequest('POST', `/invitations/${cancelling.id}/cancel`);
      shopify.toast.show(t('invitationCancelled'));
      list.reload();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
      setCancelling(undefined);
    }
  }

  const rows = (list.data?.invitations ?? []).map((item) => [
    item.email,
    item.orderName ?? t('unknown'),
    <Badge key="status">{t(`invitationStatus_${item.status}`)}</Badge>,
    formatDateTime(item.createdAt),
    formatDateTime(item.scheduledFor),
    item.status === 'scheduled' ? (
      <Button
        key="cancel"
        size="slim"
        onClick={() => setCancelling(item)}
        accessibilityLabel={`${t('cancelInvitation')}: ${item.email}`}
      >
        {t('cancelInvitation')}
      </Button>
    ) : (
      ''
    ),
  ]);
  const skipCounts = Object.entries(list.data?.skipCounts ?? {});

  return (
    <BlockStack gap="400">
      <TitledCard title={t('invitationsTitle')}>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TextField
            label={t('searchEmail')}
            type="search"
            value={search}
            onChange={setSearch}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setSearch('')}
          />
          <Select
            label={t('filterStatus')}
            options={[
              { value: '', label: t('allStatuses') },
              ...INVITATION_STATUSES.map((value) => ({ value, label: t(`invitationStatus_${value}`) })),
            ]}
            value={status}
            onChange={(value) => {
              setStatus(value as InvitationStatus | '');
              setPage(1);
            }}
          />
        </InlineGrid>
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        <ListState
          load={list}
          empty={rows.length === 0}
          skeletonLines={5}
          emptyHeading={t('invitationsEmpty')}
          emptyText={t('invitationsEmptyText')}
        />
        {rows.length > 0 ? (
          <DataTable
            columnContentTypes={['text', 'text', 'text', 'text', 'text', 'text']}
            headings={[
              t('columnEmail'),
              t('columnOrder'),
              t('columnStatus'),
              t('columnCreated'),
              t('columnSendAt'),
              '',
            ]}
            rows={rows}
          />
        ) : null}
        {list.data && (page > 1 || list.data.hasNextPage) ? (
          <InlineStack align="center">
            <Pagination
              hasPrevious={page > 1}
              hasNext={list.data.hasNextPage}
              onPrevious={() => setPage(page - 1)}
              onNext={() => setPage(page + 1)}
              label={t('pageLabel', { page })}
            />
          </InlineStack>
        ) : null}
      </TitledCard>
      <TitledCard title={t('skipCountsTitle')} intro={t('skipCountsIntro')}>
        {skipCounts.length === 0 ? (
          <Text as="p" tone="subdued">
            {t('skipCountsEmpty')}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'numeric']}
            headings={[t('columnReason'), t('columnCount')]}
            rows={skipCounts.map(([reason, count]) => [t(`skipReason_${reason}` as MessageKey), count])}
          />
        )}
      </TitledCard>
      <Modal
        open={cancelling !== undefined}
        onClose={() => setCancelling(undefined)}
        title={t('confirmCancelTitle', { email: cancelling?.email ?? '' })}
        primaryAction={{
          content: t('cancelInvitation'),
          destructive: true,
          loading: busy,
          onAction: () => void cancelInvitation(),
        }}
        secondaryActions={[{ content: t('cancel'), onAction: () => setCancelling(undefined) }]}
      >
        <Modal.Section>
          <Text as="p">{t('confirmCancelText')}</Text>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}

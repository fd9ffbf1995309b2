import { Banner, BlockStack, Button, InlineStack, List, Modal, ProgressBar, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';

import { apiRequest, type ApiError, type Deletion, type DeletionCounts } from '../api';
import { ErrorBanner } from '../error-banner';
import { fieldErrorText, type FieldMessages } from '../field-errors';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import { toApiError } from '../use-load';

const POLL_INTERVAL_MS = 1000;
/** Polling stops after this many checks; the history still shows the request's status. */
const MAX_POLLS = 120;

type Mode = 'person' | 'date';

const FIELD_MESSAGES: FieldMessages = { email: 'emailInvalid', before: 'dateInvalid' };

/**
 * Deletes one person's invitation data (by email) or all data created before a date: preview of
 * the counts, a confirmation that lists what stops working, then progress until the worker is done.
 */
export function DeletionCard(props: { mode: Mode; onDeleted(): void }) {
  const { t, formatDate } = useTranslator();
  const [value, setValue] = useState('');
  const [preview, setPreview] = useState<{ scope: string; counts: DeletionCounts }>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [deletion, setDeletion] = useState<Deletion>();
  const [slow, setSlow] = useState(false);

  const body = props.mode === 'person' ? { email: value.trim() } : { before: value };
  const scopeKey = JSON.stringify(body);
  const inputError = fieldErrorText(error, props.mode === 'person' ? 'email' : 'before', FIELD_MESSAGES, t);

  useEffect(() => {
    if (!deletion || deletion.status === 'done') return;
    let polls = 0;
    let active = true;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > MAX_POLLS) {
        clearInterval(timer);
        setSlow(true);
        return;
      }
      apiRequest<{ deletion: Deletion }>('GET', `/deletions/${deletion.id}`)
        .then((result) => {
          if (!active) return;
          if (result.deletion.status !== deletion.status || result.deletion.status === 'done') {
            setDeletion(result.deletion);
          }
          if (result.deletion.status === 'done' || result.deletion.status === 'failed') {
            clearInterval(timer);
            props.onDeleted();
          }
        })
        .catch((failure: unknown) => {
          if (!active) return;
          clearInterval(timer);
          setError(toApiError(failure));
        });
    }, POLL_INTERVAL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
    // Polling restarts only for a new request or a status change.
  }, [deletion?.id, deletion?.status]);

  async function loadPreview() {
    setBusy(true);
    setError(undefined);
    setDeletion(undefined);
    try {
      const result = await apiRequest<{ preview: DeletionCounts }>('POST', '/deletions/preview', body);
      setPreview({ scope: scopeKey, counts: result.preview });
    } catch (failure) {
      setPreview(undefined);
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function confirmDeletion() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await apiRequest<{ deletion: Deletion }>('POST', '/deletions', body);
      setDeletion(result.deletion);
      setSlow(false);
      setPreview(undefined);
      setValue('');
      props.onDeleted();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const currentPreview = preview?.scope === scopeKey ? preview.counts : undefined;
  const total = currentPreview
    ? currentPreview.invitations + currentPreview.bccMessages + currentPreview.lastInvited
    : 0;
  const title = props.mode === 'person' ? t('deletePersonTitle') : t('deleteBeforeTitle');
  const confirmTitle =
    props.mode === 'person'
      ? t('confirmPersonTitle', { email: value.trim() })
      : t('confirmBeforeTitle', { date: value ? formatDate(`${value}T00:00:00Z`) : '' });

  return (
    <TitledCard title={title} intro={props.mode === 'person' ? t('deletePersonIntro') : t('deleteBeforeIntro')}>
      {inputError ? null : <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {props.mode === 'person' ? (
        <TextField
          label={t('emailLabel')}
          type="email"
          value={value}
          onChange={setValue}
          autoComplete="off"
          error={inputError}
        />
      ) : (
        <TextField
          label={t('dateLabel')}
          type="date"
          value={value}
          onChange={setValue}
          autoComplete="off"
          max={new Date().toISOString().slice(0, 10)}
          error={inputError}
        />
      )}
      <InlineStack gap="200">
        <Button onClick={() => void loadPreview()} disabled={value.trim() === '' || busy} loading={busy && !confirming}>
          {t('previewButton')}
        </Button>
        {currentPreview && total > 0 ? (
          <Button variant="primary" tone="critical" onClick={() => setConfirming(true)} disabled={busy}>
            {t('deleteButton')}
          </Button>
        ) : null}
      </InlineStack>
      {currentPreview ? (
        <Banner tone={total > 0 ? 'warning' : 'info'}>
          {total > 0 ? (
            <CountList intro={t('previewText')} counts={currentPreview} />
          ) : (
            <Text as="p">{t('previewNothing')}</Text>
          )}
        </Banner>
      ) : null}
      {deletion ? <DeletionProgress deletion={deletion} slow={slow} /> : null}
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={confirmTitle}
        primaryAction={{
          content: t('confirmDelete'),
          destructive: true,
          loading: busy,
          onAction: () => void confirmDeletion(),
        }}
        secondaryActions={[{ content: t('cancel'), onAction: () => setConfirming(false), disabled: busy }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            {currentPreview ? <CountList intro={t('previewText')} counts={currentPreview} /> : null}
            <Text as="p">{t('confirmLinks')}</Text>
            <Text as="p">{props.mode === 'person' ? t('confirmFrequency') : t('confirmFrequencyMany')}</Text>
            <Text as="p" fontWeight="semibold">
              {t('confirmFinal')}
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </TitledCard>
  );
}

/** Lists the three kinds of record a deletion covers, one per line, so no count needs plural forms. */
function CountList(props: { intro: string; counts: DeletionCounts }) {
  const { t } = useTranslator();
  return (
    <BlockStack gap="100">
      <Text as="p">{props.intro}</Text>
      <List type="bullet">
        <List.Item>{t('countInvitations', { count: props.counts.invitations })}</List.Item>
        <List.Item>{t('countBccMessages', { count: props.counts.bccMessages })}</List.Item>
        <List.Item>{t('countLastInvited', { count: props.counts.lastInvited })}</List.Item>
      </List>
    </BlockStack>
  );
}

function DeletionProgress(props: { deletion: Deletion; slow: boolean }) {
  const { t } = useTranslator();
  const { status, counts } = props.deletion;

  if (status === 'done') {
    return (
      <Banner tone="success" title={t('progressTitle')}>
        <CountList intro={t('progressDone')} counts={counts} />
      </Banner>
    );
  }
  if (status === 'failed') {
    return (
      <Banner tone="critical" title={t('progressTitle')}>
        <Text as="p">{t('progressFailed')}</Text>
      </Banner>
    );
  }
  return (
    <BlockStack gap="200">
      <div role="status">
        <Text as="p">{t(progressMessage(props.slow, status))}</Text>
      </div>
      <ProgressBar progress={status === 'running' ? 60 : 20} size="small" animated={!props.slow} />
    </BlockStack>
  );
}

function progressMessage(
  slow: boolean | undefined,
  status: string,
): 'progressSlow' | 'progressRunning' | 'progressQueued' {
  if (slow) return 'progressSlow';
  if (status === 'running') return 'progressRunning';
  return 'progressQueued';
}

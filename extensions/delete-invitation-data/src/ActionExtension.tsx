import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import {
  fetchDeletion,
  previewDeletion,
  readCustomerEmail,
  startDeletion,
  type CustomerRef,
  type DeletionPreview,
  type DeletionStatus,
} from './backend';

const POLL_INTERVAL_MS = 1000;
/** About two minutes of polling; after that the modal shows where to follow the status. */
const MAX_POLLS = 120;

export default async () => {
  render(<DeleteInvitationData />, document.body);
};

type ViewState =
  | { step: 'loading' }
  | { step: 'load-failed' }
  | { step: 'preview'; customer: CustomerRef; preview: DeletionPreview }
  | { step: 'starting'; customer: CustomerRef; preview: DeletionPreview }
  | { step: 'start-failed' }
  | { step: 'progress'; deletion: DeletionStatus; slow: boolean };

function DeleteInvitationData() {
  const { i18n, close, data } = shopify;
  const [state, setState] = useState<ViewState>({ step: 'loading' });
  // Set on the first click, so two clicks within one render store one request only.
  const started = useRef(false);
  const customerId = data.selected[0]?.id;

  useEffect(() => {
    if (!customerId) {
      setState({ step: 'load-failed' });
      return;
    }
    let active = true;
    (async () => {
      const email = await readCustomerEmail(customerId);
      const customer: CustomerRef = { customerId, ...(email ? { email } : {}) };
      const preview = await previewDeletion(customer);
      if (active) setState({ step: 'preview', customer, preview });
    })().catch(() => {
      if (active) setState({ step: 'load-failed' });
    });
    return () => {
      active = false;
    };
  }, [customerId]);

  const deletionId = state.step === 'progress' ? state.deletion.id : undefined;
  const finished = state.step === 'progress' && isFinished(state.deletion);
  useEffect(() => {
    if (!deletionId || finished) return;
    let polls = 0;
    let active = true;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > MAX_POLLS) {
        clearInterval(timer);
        setState((current) => (current.step === 'progress' ? { ...current, slow: true } : current));
        return;
      }
      fetchDeletion(deletionId)
        .then((deletion) => {
          if (!active) return;
          setState((current) => (current.step === 'progress' ? { ...current, deletion } : current));
          if (isFinished(deletion)) clearInterval(timer);
        })
        .catch(() => {
          // A failed poll is retried at the next interval; MAX_POLLS still ends the loop.
        });
    }, POLL_INTERVAL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [deletionId, finished]);

  async function onDelete() {
    if (state.step !== 'preview' || started.current) return;
    started.current = true;
    setState({ step: 'starting', customer: state.customer, preview: state.preview });
    try {
      const deletion = await startDeletion(state.customer);
      setState({ step: 'progress', deletion, slow: false });
    } catch {
      setState({ step: 'start-failed' });
    }
  }

  const t = (key: string, options?: Record<string, unknown>) => String(i18n.translate(key, options));
  const canDelete = state.step === 'preview' && hasData(state.preview);
  const closeLabel = state.step === 'preview' || state.step === 'starting' ? t('cancelButton') : t('closeButton');

  return (
    <s-admin-action heading={t('heading')} loading={state.step === 'loading'}>
      {(state.step === 'preview' || state.step === 'starting') && (
        <s-button
          slot="primary-action"
          variant="primary"
          tone="critical"
          disabled={!canDelete}
          loading={state.step === 'starting'}
          onClick={onDelete}
        >
          {t('deleteButton')}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={() => close()}>
        {closeLabel}
      </s-button>

      <s-stack direction="block" gap="base">
        {state.step === 'loading' && <s-text>{t('loading')}</s-text>}
        {state.step === 'load-failed' && <s-banner tone="critical">{t('loadFailed')}</s-banner>}
        {state.step === 'start-failed' && <s-banner tone="critical">{t('deleteFailed')}</s-banner>}
        {(state.step === 'preview' || state.step === 'starting') && <PreviewView preview={state.preview} t={t} />}
        {state.step === 'progress' && <ProgressView deletion={state.deletion} slow={state.slow} t={t} />}
      </s-stack>
    </s-admin-action>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

function PreviewView(props: { preview: DeletionPreview; t: Translate }) {
  const { preview, t } = props;
  if (!hasData(preview)) return <s-paragraph>{t('previewNothing')}</s-paragraph>;

  return (
    <>
      <s-paragraph>{t('previewIntro')}</s-paragraph>
      <Counts counts={preview} t={t} />
      <s-banner tone="warning">
        <s-stack direction="block" gap="small-200">
          <s-paragraph>{t('warningLinks')}</s-paragraph>
          <s-paragraph>{t('warningFrequency')}</s-paragraph>
        </s-stack>
      </s-banner>
      <s-paragraph>{t('reviewsStay')}</s-paragraph>
      <s-paragraph>
        <s-text type="strong">{t('final')}</s-text>
      </s-paragraph>
    </>
  );
}

function ProgressView(props: { deletion: DeletionStatus; slow: boolean; t: Translate }) {
  const { deletion, slow, t } = props;

  if (deletion.status === 'done') {
    return (
      <s-banner tone="success">
        <s-stack direction="block" gap="small-200">
          <s-paragraph>{t('progressDone')}</s-paragraph>
          <Counts counts={deletion.counts} t={t} />
        </s-stack>
      </s-banner>
    );
  }
  if (deletion.status === 'failed') return <s-banner tone="critical">{t('progressFailed')}</s-banner>;

  return (
    <s-stack direction="block" gap="small-200">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-spinner accessibilityLabel={t('progressRunning')} />
        <s-text>{deletion.status === 'pending' ? t('progressQueued') : t('progressRunning')}</s-text>
      </s-stack>
      {slow && <s-banner tone="info">{t('progressSlow')}</s-banner>}
    </s-stack>
  );
}

function Counts(props: { counts: DeletionPreview; t: Translate }) {
  const { counts, t } = props;
  return (
    <s-unordered-list>
      <s-list-item>{t('invitations', { count: counts.invitations })}</s-list-item>
      <s-list-item>{t('bccMessages', { count: counts.bccMessages })}</s-list-item>
      <s-list-item>{t('lastInvited', { count: counts.lastInvited })}</s-list-item>
    </s-unordered-list>
  );
}

function hasData(preview: DeletionPreview): boolean {
  return preview.invitations + preview.bccMessages + preview.lastInvited > 0;
}

function isFinished(deletion: DeletionStatus): boolean {
  return deletion.status === 'done' || deletion.status === 'failed';
}

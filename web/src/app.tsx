import { BlockStack, Layout, Page, Tabs } from '@shopify/polaris';
import { useState } from 'react';

import { useTranslator } from './i18n';
import type { MessageKey } from './messages';
import { ApiKeysCard } from './sections/api-keys-card';
import { DataRequestsCard } from './sections/data-requests-card';
import { DeletionCard } from './sections/deletion-card';
import { HistoryCard } from './sections/history-card';
import { InvitationsCard } from './sections/invitations-card';
import { RetentionCard } from './sections/retention-card';
import { TimingCard } from './sections/timing-card';

const TABS: Array<{ id: string; label: MessageKey }> = [
  { id: 'settings', label: 'tabSettings' },
  { id: 'data-protection', label: 'tabDataProtection' },
  { id: 'history', label: 'tabHistory' },
  { id: 'data-requests', label: 'tabDataRequests' },
  { id: 'invitations', label: 'tabInvitations' },
  { id: 'api-keys', label: 'tabApiKeys' },
];

/** Renders the app page with one tab per task and keeps the selected tab in the `tab` query parameter. */
export function App() {
  const { t } = useTranslator();
  const [selected, setSelected] = useState(() => {
    const index = TABS.findIndex((tab) => tab.id === new URLSearchParams(window.location.search).get('tab'));
    return index < 0 ? 0 : index;
  });
  const [historyVersion, setHistoryVersion] = useState(0);

  function select(index: number) {
    setSelected(index);
    const url = new URL(window.location.href);
    url.searchParams.set('tab', TABS[index]!.id);
    window.history.replaceState(null, '', url);
  }

  const refreshHistory = () => setHistoryVersion((value) => value + 1);
  const tabId = TABS[selected]!.id;

  return (
    <Page title={t('appTitle')}>
      <BlockStack gap="400">
        <Tabs
          tabs={TABS.map((tab) => ({ id: tab.id, content: t(tab.label), panelID: `${tab.id}-panel` }))}
          selected={selected}
          onSelect={select}
        />
        <div id={`${tabId}-panel`} role="tabpanel" aria-labelledby={tabId}>
          <Layout>
            <Layout.Section>
              <BlockStack gap="400">
                {tabId === 'settings' ? (
                  <>
                    <TimingCard />
                    <RetentionCard />
                  </>
                ) : null}
                {tabId === 'data-protection' ? (
                  <>
                    <DeletionCard mode="person" onDeleted={refreshHistory} />
                    <DeletionCard mode="date" onDeleted={refreshHistory} />
                    <HistoryCard refreshKey={historyVersion} />
                  </>
                ) : null}
                {tabId === 'history' ? <HistoryCard refreshKey={historyVersion} /> : null}
                {tabId === 'data-requests' ? <DataRequestsCard /> : null}
                {tabId === 'invitations' ? <InvitationsCard /> : null}
                {tabId === 'api-keys' ? <ApiKeysCard /> : null}
              </BlockStack>
            </Layout.Section>
          </Layout>
        </div>
      </BlockStack>
    </Page>
  );
}

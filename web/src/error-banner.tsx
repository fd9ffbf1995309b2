import { Banner, Text } from '@shopify/polaris';

import type { ApiError } from './api';
import { useTranslator } from './i18n';

/** Shows a critical banner with the server's message for a failed request. */
export function ErrorBanner(props: { error: ApiError | undefined; onRetry?: () => void; onDismiss?: () => void }) {
  const { t } = useTranslator();
  if (!props.error) return null;

  return (
    <Banner
      tone="critical"
      title={t('errorTitle')}
      action={props.onRetry ? { content: t('retry'), onAction: props.onRetry } : undefined}
      onDismiss={props.onDismiss}
    >
      <Text as="p">{props.error.message}</Text>
    </Banner>
  );
}

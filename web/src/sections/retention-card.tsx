import { Button, FormLayout, InlineStack, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';

import { apiRequest, type ApiError, type RetentionPeriods } from '../api';
import { ErrorBanner } from '../error-banner';
import { fieldErrorText, type FieldMessages } from '../field-errors';
import { TitledCard } from '../titled-card';
import { useTranslator, type Translator } from '../i18n';
import { toApiError, useLoad } from '../use-load';

interface RetentionResponse {
  periods: RetentionPeriods;
  defaults: RetentionPeriods;
  inboundAddress?: string | null;
}

const FIELDS: Array<{
  key: keyof RetentionPeriods;
  label: 'retentionBcc' | 'retentionInvitations' | 'retentionDataExports';
}> = [
  { key: 'bccMessagesDays', label: 'retentionBcc' },
  { key: 'invitationsDays', label: 'retentionInvitations' },
  { key: 'dataExportsDays', label: 'retentionDataExports' },
];

const FIELD_MESSAGES: FieldMessages = {
  bccMessagesDays: 'retentionInvalid',
  invitationsDays: 'retentionInvalid',
  dataExportsDays: 'retentionInvalid',
};

/** Shorter choices offered below each default; the server rejects anything longer than the default. */
const CHOICES_DAYS = [7, 14, 30, 90, 180, 365, 730, 1095];

/** Shows the current retention periods with shorter choices. The server decides what it accepts. */
export function RetentionCard() {
  const translator = useTranslator();
  const { t } = translator;
  const loaded = useLoad(() => apiRequest<RetentionResponse>('GET', '/retention'), 'retention');
  const [periods, setPeriods] = useState<RetentionPeriods>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    if (loaded.data) setPeriods(loaded.data.periods);
  }, [loaded.data]);

  async function save() {
    if (!periods) return;
    setSaving(true);
    setError(undefined);
    try {
      const result = await apiRequest<RetentionResponse>('PUT', '/retention', periods);
      if (result?.periods) setPeriods(result.periods);
      shopify.toast.show(t('retentionSaved'));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setSaving(false);
    }
  }

  const defaults = loaded.data?.defaults;
  const shownAtField = FIELDS.some((field) => error?.field === field.key);
  return (
    <TitledCard title={t('retentionTitle')} intro={t('retentionIntro')}>
      <ErrorBanner error={loaded.error} onRetry={loaded.reload} />
      {shownAtField ? null : <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {loaded.loading ? <SkeletonBodyText lines={3} /> : null}
      {periods && defaults ? (
        <FormLayout>
          {FIELDS.map((field) => (
            <Select
              key={field.key}
              label={t(field.label)}
              options={choicesFor(periods[field.key], defaults[field.key], translator)}
              value={String(periods[field.key])}
              onChange={(value) => setPeriods({ ...periods, [field.key]: Number(value) })}
              error={fieldErrorText(error, field.key, FIELD_MESSAGES, t)}
            />
          ))}
          {loaded.data?.inboundAddress ? (
            <Text as="p">
              {t('inboundAddress')}:{' '}
              <Text as="span" fontWeight="semibold">
                {loaded.data.inboundAddress}
              </Text>
            </Text>
          ) : null}
          <InlineStack align="end">
            <Button variant="primary" onClick={() => void save()} loading={saving}>
              {t('retentionSave')}
            </Button>
          </InlineStack>
        </FormLayout>
      ) : null}
    </TitledCard>
  );
}

function choicesFor(current: number, defaultDays: number, translator: Translator) {
  const days = new Set(CHOICES_DAYS.filter((value) => value <= defaultDays));
  days.add(defaultDays);
  days.add(current);
  return [...days]
    .sort((a, b) => a - b)
    .map((value) => {
      const label = describeDays(value, translator);
      return {
        value: String(value),
        label: value === defaultDays ? translator.t('retentionDefault', { period: label }) : label,
      };
    });
}

function describeDays(days: number, { t }: Translator): string {
  if (days === 365) return t('retentionYear');
  if (days > 365 && days % 365 === 0) return t('retentionYears', { years: days / 365 });
  return t('retentionDays', { days });
}

import { FormLayout, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';

import { apiRequest, FREQUENCIES, type ApiError, type Frequency, type Settings } from '../api';
import { ErrorBanner } from '../error-banner';
import { fieldErrorText, type FieldMessages } from '../field-errors';
import { TitledCard } from '../titled-card';
import { useTranslator } from '../i18n';
import { toApiError, useLoad } from '../use-load';

const SAVE_BAR_ID = 'timing-save-bar';

const FIELD_MESSAGES: FieldMessages = { delayDays: 'delayInvalid', frequency: 'frequencyInvalid' };

/** Edits the delay and frequency and saves them through App Bridge's save bar. */
export function TimingCard() {
  const { t } = useTranslator();
  const loaded = useLoad(() => apiRequest<{ settings: Settings }>('GET', '/settings'), 'settings');
  const [saved, setSaved] = useState<Settings>();
  const [delay, setDelay] = useState('');
  const [frequency, setFrequency] = useState<Frequency>('3y');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    if (!loaded.data) return;
    setSaved(loaded.data.settings);
    setDelay(String(loaded.data.settings.delayDays));
    setFrequency(loaded.data.settings.frequency);
  }, [loaded.data]);

  const dirty = saved !== undefined && (delay !== String(saved.delayDays) || frequency !== saved.frequency);
  const delayValid = /^\d{1,2}$/.test(delay) && Number(delay) <= 90;
  const delayError = fieldErrorText(error, 'delayDays', FIELD_MESSAGES, t);
  const frequencyError = fieldErrorText(error, 'frequency', FIELD_MESSAGES, t);

  useEffect(() => {
    if (dirty) void shopify.saveBar.show(SAVE_BAR_ID);
    else void shopify.saveBar.hide(SAVE_BAR_ID);
  }, [dirty]);

  async function save() {
    if (!delayValid) return;
    setSaving(true);
    setError(undefined);
    try {
      const result = await apiRequest<{ settings: Settings }>('PUT', '/settings', {
        delayDays: Number(delay),
        frequency,
      });
      setSaved(result.settings);
      shopify.toast.show(t('settingsSaved'));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    if (!saved) return;
    setDelay(String(saved.delayDays));
    setFrequency(saved.frequency);
    setError(undefined);
  }

  return (
    <TitledCard title={t('timingTitle')} intro={t('timingIntro')}>
      <ErrorBanner error={loaded.error} onRetry={loaded.reload} />
      {delayError || frequencyError ? null : <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {loaded.loading && !saved ? (
        <SkeletonBodyText lines={4} />
      ) : saved ? (
        <FormLayout>
          <TextField
            label={t('delayLabel')}
            type="number"
            min={0}
            max={90}
            value={delay}
            onChange={setDelay}
            helpText={t('delayHelp')}
            error={delayValid ? delayError : t('delayInvalid')}
            autoComplete="off"
          />
          <Select
            label={t('frequencyLabel')}
            options={FREQUENCIES.map((value) => ({ value, label: t(`frequency_${value}`) }))}
            value={frequency}
            onChange={(value) => setFrequency(value as Frequency)}
            error={frequencyError}
          />
          {dirty ? (
            <Text as="p" tone="caution">
              {t('settingsUnsaved')}
            </Text>
          ) : null}
        </FormLayout>
      ) : null}
      <ui-save-bar id={SAVE_BAR_ID}>
        <button variant="primary" onClick={() => void save()} disabled={saving || !delayValid}>
          {t('save')}
        </button>
        <button onClick={discard} disabled={saving}>
          {t('discard')}
        </button>
      </ui-save-bar>
    </TitledCard>
  );
}

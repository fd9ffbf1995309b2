import { EmptyState, SkeletonBodyText, Text } from '@shopify/polaris';

import { ErrorBanner } from './error-banner';
import type { LoadState } from './use-load';

/**
 * Renders what a card that lists rows shows around its table: the error banner of a failed load,
 * a skeleton until the first load finishes, and the empty state once a load found nothing.
 */
export function ListState(props: {
  load: LoadState<unknown>;
  /** True when the loaded list has no rows to show. */
  empty: boolean;
  skeletonLines: number;
  emptyHeading: string;
  emptyText: string;
}) {
  const { load } = props;

  return (
    <>
      <ErrorBanner error={load.error} onRetry={load.reload} />
      {load.loading && !load.data ? <SkeletonBodyText lines={props.skeletonLines} /> : null}
      {load.data && props.empty ? (
        <EmptyState heading={props.emptyHeading} image="">
          <Text as="p">{props.emptyText}</Text>
        </EmptyState>
      ) : null}
    </>
  );
}

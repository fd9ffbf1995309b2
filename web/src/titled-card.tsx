import { BlockStack, Card, Text } from '@shopify/polaris';
import { useId, type ReactNode } from 'react';

/**
 * Wraps a Polaris card in a `<section>` named by its heading, so assistive technology (and the
 * browser tests) can find each card as a region by its title.
 */
export function TitledCard(props: { title: string; intro?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd" id={headingId}>
              {props.title}
            </Text>
            {props.intro ? (
              <Text as="p" tone="subdued">
                {props.intro}
              </Text>
            ) : null}
          </BlockStack>
          {props.children}
        </BlockStack>
      </Card>
    </section>
  );
}

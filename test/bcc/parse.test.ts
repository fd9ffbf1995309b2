import { findOrderReference } from '../../server/bcc/parse';

describe('findOrderReference', () => {
  it.each([
    ['Order #1001 confirmed', '#1001'],
    ['Your order 1001 has shipped', '1001'],
    ['Order no. SO-1001', 'SO-1001'],
    ['Ordre nr. 2044', '2044'],
    ['Bestilling: 77', '77'],
    ['Thank you for your order', undefined],
    ['Order confirmed', undefined],
  ])('reads %j', (text, expected) => {
    expect(findOrderReference(text)).toBe(expected);
  });
});

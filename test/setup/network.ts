import nock from 'nock';

// Tests reach only servers they start on loopback; Shopify's servers are mocked with nock.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

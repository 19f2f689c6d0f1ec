import {
  AUDIT_QUERY_MAX_CHARS,
  describeRequest,
  describeRetrieval,
  queryDigest,
} from './retrieval-audit';

const ROWS = JSON.stringify(
  Array.from({ length: 250 }, (_, index) => ({ id: index, status: index % 50 ? 'ok' : 'error' })),
);

describe('describeRetrieval', () => {
  it('counts a full read as every item served', () => {
    expect(describeRetrieval('acme', ROWS)).toEqual({
      type: 'full',
      query: null,
      queryDigest: null,
      itemsServed: 250,
      totalItems: 250,
    });
  });

  it('counts non-empty lines outside JSON', () => {
    expect(describeRetrieval('acme', 'a\n\nb\nc\n', { query: 'b' })).toMatchObject({
      type: 'search',
      itemsServed: 1,
      totalItems: 3,
    });
  });

  it('records a search with its query, digest and the items it served', () => {
    expect(describeRetrieval('acme', ROWS, { query: 'error' })).toEqual({
      type: 'search',
      query: 'error',
      queryDigest: queryDigest('acme', 'error'),
      itemsServed: 5,
      totalItems: 250,
    });
  });

  it('counts what was served, not every match, when the search caps its answer', () => {
    expect(describeRetrieval('acme', ROWS, { query: 'ok' })).toMatchObject({
      itemsServed: 100,
      totalItems: 250,
    });
  });

  it('treats a blank query as the full read the API serves for it', () => {
    expect(describeRetrieval('acme', ROWS, { query: '  ' })).toMatchObject({ type: 'full' });
  });
});

describe('describeRequest', () => {
  it('keeps at most the first 256 characters, never half a surrogate pair, and digests all of it', () => {
    const query = `${'x'.repeat(AUDIT_QUERY_MAX_CHARS - 1)}😀tail that is cut off`;

    const detail = describeRequest('acme', { query });

    expect(detail.query).toBe(`${'x'.repeat(AUDIT_QUERY_MAX_CHARS - 1)}😀`);
    expect(detail.queryDigest).toBe(queryDigest('acme', query));
    expect(detail).toMatchObject({ type: 'search', itemsServed: null, totalItems: null });
  });

  it('gives the same query a different digest in another tenant', () => {
    expect(queryDigest('acme', 'salary')).not.toBe(queryDigest('globex', 'salary'));
    expect(queryDigest('acme', 'salary')).toMatch(/^[0-9a-f]{64}$/);
  });
});

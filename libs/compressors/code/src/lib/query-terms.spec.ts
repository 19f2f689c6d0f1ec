import { identifierWords, mentionsAny, queryTerms } from './query-terms';

describe(queryTerms.name, () => {
  it.each([
    ['Why does parseConfig throw?', ['parseconfig']],
    ['how does this function return the value', ['value']],
    ['fix settle_invoice in ledger.py', ['fix', 'settle_invoice', 'ledger']],
    ['', []],
  ])('takes the identifiers of %j', (query, terms) => {
    expect([...queryTerms(query)]).toEqual(terms);
  });
});

describe(mentionsAny.name, () => {
  it.each([
    ['return parseConfig(x);', true],
    ['return parseConfigFile(x);', false],
    ['// ParseConfig is called here', true],
  ])('matches whole identifiers only in %j', (text, expected) => {
    expect(mentionsAny(text, new Set(['parseconfig']))).toBe(expected);
  });
});

describe(identifierWords.name, () => {
  it.each([
    ['parseConfigFile', ['parse', 'config', 'file']],
    ['parse_config_file', ['parse', 'config', 'file']],
    ['HTTPServer', ['httpserver']],
  ])('splits %s', (identifier, words) => {
    expect(identifierWords(identifier)).toEqual(words);
  });
});

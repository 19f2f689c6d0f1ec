const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

// Words that carry no identifier of the user's: English glue and the keywords
// of the supported languages. Without them, "how does this function return"
// would keep every body with a `return` in it.
const IGNORED = new Set(
  (
    'the and for with this that what why how does did not are was were can could should would ' +
    'will from into onto about when where which who whom there here then than them they their ' +
    'you your yours our ours its his her have has had but all any each some more most less ' +
    'please show tell explain look find code file files line lines work works working use used ' +
    'function func fn def class struct enum interface impl trait type return returns const let ' +
    'var new this self super null nil none true false void int string bool public private ' +
    'protected static async await import export package module require end begin else elif ' +
    'while break continue case switch try catch finally throw raise pass yield lambda'
  ).split(' '),
);

/**
 * The identifiers a question names, lower-cased. A body that mentions one of
 * them is what the user is asking about and is never elided.
 */
export function queryTerms(query: string): Set<string> {
  const terms = new Set<string>();

  for (const [word] of query.matchAll(IDENTIFIER)) {
    const term = word.toLowerCase();
    if (term.length >= 3 && !IGNORED.has(term)) {
      terms.add(term);
    }
  }

  return terms;
}

/** Whether `text` contains one of `terms` as a whole identifier (case-insensitive). */
export function mentionsAny(text: string, terms: ReadonlySet<string>): boolean {
  if (terms.size === 0) {
    return false;
  }

  for (const [word] of text.matchAll(IDENTIFIER)) {
    if (terms.has(word.toLowerCase())) {
      return true;
    }
  }

  return false;
}

/** The words of an identifier: `parseConfigFile`, `parse_config_file` → parse, config, file. */
export function identifierWords(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

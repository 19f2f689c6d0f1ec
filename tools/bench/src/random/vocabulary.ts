// Word lists for the generated scenarios: plain technical English, so token
// counts behave like real tool output rather than like random letters.
const list = (text: string): readonly string[] => text.trim().split(/\s+/);

export const WORDS = list(`
  request latency cache server client timeout retry index query result version release config
  deploy cluster node worker queue stream buffer token session account billing invoice payment
  order customer product search filter schema migration database table column record update
  insert delete metric alert incident report review feature bug fix test build pipeline artifact
  image container pod service gateway proxy router handler module package library function method
  error warning notice memory disk network socket connection the a of for with and to in on after
  before when is was not new old fast slow large small stable broken missing
`);

export const DOMAINS = list(`
  docs.example.com blog.example.org github.com stackoverflow.com dev.to news.ycombinator.com
  medium.com wiki.example.net forum.example.io kb.example.com
`);

export const FIRST_NAMES = list(`
  Ada Alan Grace Linus Barbara Ken Dennis Margaret Edsger Donald Frances John Radia Leslie Shafi
  Tim Vint Sophie Guido Anders
`);

export const LAST_NAMES = list(`
  Lovelace Turing Hopper Torvalds Liskov Thompson Ritchie Hamilton Dijkstra Knuth Allen McCarthy
  Perlman Lamport Goldwasser Cerf Wilson Rossum Hejlsberg Kernighan
`);

export const STATUSES = list('active pending suspended closed trial');

export const COUNTRIES = list('US DE FR JP BR IN GB CA AU NL');

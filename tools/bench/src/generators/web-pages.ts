import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, readText } from '../corpus/corpus-directory';

// A long news page: one real page (head, navigation, scripts, footer) whose
// body is extended with the article bodies of the other corpus pages, the
// way infinite-scroll sites append stories. Deterministic: sorted pages,
// fixed shell, appended in order until the size is reached.
const SHELL_PAGE = 'nytimes-1';

export function largeWebPage(corpusRoot: string, targetBytes: number): string {
  const htmlRoot = join(corpusRoot, 'html');
  const articles = filesUnder(htmlRoot, (path) => path.endsWith('expected.html')).map(readText);
  if (articles.length === 0) {
    throw new Error(`no html/*/expected.html under ${corpusRoot}`);
  }

  const shellPath = existsSync(join(htmlRoot, SHELL_PAGE, 'source.html'))
    ? join(htmlRoot, SHELL_PAGE, 'source.html')
    : filesUnder(htmlRoot, (path) => path.endsWith('source.html'))[0];
  const shell = readText(shellPath);
  const bodyEnd = closingBodyIndex(shell);

  const stories: string[] = [];
  let bytes = Buffer.byteLength(shell, 'utf8');
  for (let index = 0; bytes < targetBytes; index += 1) {
    const story = `\n<article class="story" id="story-${index + 1}">\n${articles[index % articles.length]}\n</article>`;
    stories.push(story);
    bytes += Buffer.byteLength(story, 'utf8');
  }

  const section = `<section class="more-stories" aria-label="More stories">${stories.join('')}\n</section>\n`;

  return shell.slice(0, bodyEnd) + section + shell.slice(bodyEnd);
}

function closingBodyIndex(html: string): number {
  const index = html.toLowerCase().lastIndexOf('</body>');

  return index === -1 ? html.length : index;
}

import { join } from 'node:path';
import { agentToolOutputs } from '../corpus/agent-tool-outputs';
import { filesUnder, hasCorpus, readText } from '../corpus/corpus-directory';

/** The real inputs the soak traffic is cut from, read once per run. */
export type SoakCorpus = {
  /** Recorded API responses, parsed (GitHub, AWS, Kubernetes, Stripe, Slack). */
  json: unknown[];
  /** One array of lines per loghub log. */
  logs: string[][];
  /** Raw page snapshots. */
  html: string[];
  /** Tool outputs an agent saw: agent sessions and the misc family (grep, git, tests, listings). */
  toolOutputs: string[];
};

// Big enough to be worth compressing, small enough that a 2-core box keeps up
// with tens of requests a second while other work shares it.
const MAX_JSON_BYTES = 160_000;
const MAX_HTML_BYTES = 90_000;
const MAX_TOOL_OUTPUT_CHARS = 60_000;

export function loadSoakCorpus(root: string): SoakCorpus {
  if (!hasCorpus(root)) {
    throw new Error(
      `the soak needs the shared corpus: no MANIFEST.md in ${root} (HEADROOM_CORPUS_DIR)`,
    );
  }

  const json = filesUnder(join(root, 'json'), (path) => path.endsWith('.json'))
    .map(readText)
    .filter((text) => text.length <= MAX_JSON_BYTES)
    .map((text) => JSON.parse(text) as unknown);
  const logs = filesUnder(join(root, 'logs'), (path) => path.endsWith('.log')).map((path) =>
    readText(path).split('\n'),
  );
  const html = filesUnder(join(root, 'html'), (path) => path.endsWith('source.html'))
    .map(readText)
    .filter((text) => text.length <= MAX_HTML_BYTES);
  const misc = filesUnder(join(root, 'misc'), () => true).map(readText);
  const toolOutputs = [...agentToolOutputs(root).map((input) => input.text), ...misc].map((text) =>
    text.slice(0, MAX_TOOL_OUTPUT_CHARS),
  );

  const empty = Object.entries({ json, logs, html, toolOutputs }).filter(
    ([, items]) => items.length === 0,
  );
  if (empty.length > 0) {
    throw new Error(`corpus at ${root} has no ${empty.map(([name]) => name).join(', ')} inputs`);
  }

  return { json, logs, html, toolOutputs };
}

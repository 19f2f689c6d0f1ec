import { existsSync } from 'node:fs';
import { type ParsedArguments, UsageError, choiceOption } from '../cli-arguments';
import { ProgressBar } from '../terminal/progress-bar';
import { AUDIT_FORMATS, renderAudit } from './audit.renderer';
import { AuditRunner } from './audit.runner';

export const AUDIT_USAGE =
  'headroom audit <requests.jsonl> [--format md|json|html] [--output <file>] [--no-progress]';

/** `headroom audit`: the assessment before rollout, entirely offline. */
export async function auditCommand(parsed: ParsedArguments): Promise<string> {
  const [file] = parsed.positional;
  if (!file) throw new UsageError(`usage: ${AUDIT_USAGE}`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);

  const format = choiceOption(parsed, 'format', AUDIT_FORMATS, 'md');
  const quiet = parsed.options.has('no-progress') || parsed.options.has('quiet');
  const progress = quiet ? undefined : new ProgressBar();
  const runner = new AuditRunner({
    onProgress: progress ? (done, total, items) => progress.update(done, total, items) : undefined,
  });

  const summary = await runner.auditFile(file);
  progress?.finish();

  return renderAudit(summary, format);
}

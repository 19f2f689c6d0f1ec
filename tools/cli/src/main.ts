import { writeFileSync } from 'node:fs';
import { AUDIT_USAGE, auditCommand } from './audit/audit.command';
import { type ParsedArguments, UsageError, parseArguments, stringOption } from './cli-arguments';
import { REPORT_USAGE, reportCommand } from './report/report.command';

const USAGE = ['usage:', `  ${AUDIT_USAGE}`, `  ${REPORT_USAGE}`].join('\n');

const COMMANDS: Record<string, (parsed: ParsedArguments) => Promise<string>> = {
  audit: auditCommand,
  report: reportCommand,
};

/** The `headroom` CLI. Resolves to the exit code; reports go to stdout or `--output`. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseArguments(argv);
    const command = parsed.command ? COMMANDS[parsed.command] : undefined;
    if (!command || parsed.options.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return command || parsed.options.has('help') ? 0 : 2;
    }

    const output = await command(parsed);
    const target = stringOption(parsed, 'output');
    if (target) writeFileSync(target, output);
    else process.stdout.write(output);

    return 0;
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      process.stderr.write(`headroom: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`headroom: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

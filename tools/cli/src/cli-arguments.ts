/** `--name value`, `--name=value` and bare flags; everything else is positional. */
export type ParsedArguments = {
  command: string | undefined;
  positional: string[];
  options: Map<string, string | true>;
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const FLAGS = new Set(['help', 'no-progress', 'quiet']);

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const [command, ...rest] = argv;
  const positional: string[] = [];
  const options = new Map<string, string | true>();

  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index];
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }

    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(name)) {
      options.set(name, true);
      continue;
    }

    const value = inline ?? rest[index + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (inline === undefined) index += 1;
    options.set(name, value);
  }

  return { command, positional, options };
}

export function stringOption(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.options.get(name);

  return typeof value === 'string' ? value : undefined;
}

export function choiceOption<T extends string>(
  parsed: ParsedArguments,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = stringOption(parsed, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  }

  return value as T;
}

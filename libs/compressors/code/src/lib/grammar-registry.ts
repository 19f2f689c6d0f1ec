import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CODE_LANGUAGES, type CodeLanguage } from '@headroom/contracts';
import { Language, Parser } from 'web-tree-sitter';
import { profileFor } from './language-profiles';

/**
 * Loads tree-sitter once per process and each grammar once, on first use.
 * Loading is async (WebAssembly); parsing afterwards is synchronous, so one
 * parser per language is safe to share between interleaved compress calls.
 */
export class GrammarRegistry {
  private runtime: Promise<void> | undefined;
  private readonly parsers = new Map<string, Promise<Parser>>();

  constructor(private readonly wasmDirectory = defaultWasmDirectory()) {}

  parserFor(language: CodeLanguage): Promise<Parser> {
    const grammarFile = profileFor(language).grammarFile;
    let parser = this.parsers.get(grammarFile);
    if (!parser) {
      parser = this.loadParser(grammarFile);
      // A failed load is not cached, so a transient error does not stick.
      parser.catch(() => this.parsers.delete(grammarFile));
      this.parsers.set(grammarFile, parser);
    }

    return parser;
  }

  /** Loads the runtime and the given grammars (all supported ones by default). */
  async warmup(languages: readonly CodeLanguage[] = CODE_LANGUAGES): Promise<void> {
    await Promise.all(languages.map((language) => this.parserFor(language)));
  }

  private async loadParser(grammarFile: string): Promise<Parser> {
    this.runtime ??= Parser.init().catch((error: unknown) => {
      this.runtime = undefined;
      throw error;
    });
    await this.runtime;
    const language = await Language.load(readFileSync(join(this.wasmDirectory, grammarFile)));
    const parser = new Parser();
    parser.setLanguage(language);

    return parser;
  }
}

function defaultWasmDirectory(): string {
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

/** The registry every code compressor shares unless it is given its own. */
export const sharedGrammars = new GrammarRegistry();

import { readFileSync, readdirSync } from 'node:fs';
import type { ContentKind } from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { detectContent } from './content-detector';

type CorpusCase = { file: string; kinds: readonly ContentKind[]; why?: string };

const CORPUS_CASES: readonly CorpusCase[] = [
  { file: 'misc/agent-tool-output/grep__grep_tool_transcript_css.txt', kinds: ['search'] },
  { file: 'misc/agent-tool-output/grep__grep_tool_transcript_row.txt', kinds: ['search'] },
  { file: 'misc/agent-tool-output/grep__grep_tool_attribute.txt', kinds: ['search'] },
  { file: 'misc/agent-tool-output/grep__bash_grep_r_exunit_case.txt', kinds: ['search'] },
  { file: 'misc/agent-tool-output/grep__bash_grep_r_span_ctx.txt', kinds: ['search'] },
  { file: 'misc/agent-tool-output/grep__bash_grep_A10_rescue.txt', kinds: ['search'] },
  {
    file: 'misc/agent-tool-output/grep__bash_grep_mix_lock.txt',
    kinds: ['search', 'code', 'prose', 'unknown'],
    why: 'grep -E over one file without -n prints bare lines: nothing tells them from the file',
  },
  { file: 'misc/agent-tool-output/listing__find_ex_exs.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/listing__find_lib_spotter_web.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/listing__glob_assets_css.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/listing__glob_mix_exs.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/listing__ls_la_root.txt', kinds: ['listing'] },
  { file: 'misc/listing/git_ls_tree_names__k9s_internal.txt', kinds: ['listing'] },
  { file: 'misc/listing/git_ls_tree_r_l__readability.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/git__git_diff_stat.txt', kinds: ['listing'] },
  { file: 'misc/agent-tool-output/build__mix_deps_get.txt', kinds: ['build'] },
  {
    file: 'misc/agent-tool-output/build__mix_dialyzer.txt',
    kinds: ['build', 'search'],
    why: 'dialyzer prints file:line:warning rows, which is the grep shape',
  },
  { file: 'misc/agent-tool-output/test__mix_test_failure_project_review.txt', kinds: ['build'] },
  { file: 'misc/agent-tool-output/test__mix_test_full_suite_failure.txt', kinds: ['build'] },
  { file: 'misc/agent-tool-output/test__mix_test_pass.txt', kinds: ['build'] },
  { file: 'misc/agent-tool-output/test__mix_test_session_live_failure.txt', kinds: ['build'] },
  { file: 'misc/agent-tool-output/test__python_traceback_reproduce.txt', kinds: ['build'] },
  {
    file: 'misc/agent-tool-output/test__mix_test_tail20.txt',
    kinds: ['build', 'log'],
    why: 'the last 20 lines of a run are mostly timestamped logger lines',
  },
  { file: 'misc/diff/swebench__django__django-13841__patch.diff', kinds: ['diff'] },
  { file: 'misc/diff/swebench__pydicom__pydicom-1458__patch.diff', kinds: ['diff'] },
  {
    file: 'misc/diff/swebench__scikit-learn__scikit-learn-11574__test_patch.diff',
    kinds: ['diff'],
  },
  ...[
    'Android',
    'Apache',
    'BGL',
    'HDFS',
    'HPC',
    'Hadoop',
    'Linux',
    'Mac',
    'OpenStack',
    'Proxifier',
    'Thunderbird',
    'Zookeeper',
  ].map((name) => ({ file: `logs/${name}/${name}_2k.log`, kinds: ['log'] as const })),
  { file: 'json/github-rest__contributors.json', kinds: ['json'] },
  { file: 'json/k8s__render__po_sidecar.json', kinds: ['json'] },
  { file: 'json/stripe__invoice_in_fakefakefakefakefake0004.json', kinds: ['json'] },
  ...readdirSync(corpusPath('html'))
    .sort()
    .map((page) => ({ file: `html/${page}/source.html`, kinds: ['html'] as const })),
];

const SNIPPET_CASES: readonly {
  name: string;
  text: string;
  kind: ContentKind;
  language?: string;
}[] = [
  {
    name: 'grep -C context lines with file-N- prefixes',
    text: 'src/a.ts-10-  const x = 1;\nsrc/a.ts:11:  retryCount += 1;\nsrc/a.ts-12-  return x;\n--\nsrc/b.ts-3-import x\nsrc/b.ts:4:retryCount = 0\n',
    kind: 'search',
  },
  {
    name: 'JSON lines',
    text: '{"level":"info","msg":"a"}\n{"level":"error","msg":"b"}\n{"level":"info","msg":"c"}\n',
    kind: 'json',
  },
  {
    name: 'punctuation-dense JSON that must not look like code',
    text: JSON.stringify([
      { id: 1, fn: 'function(){return 1;}' },
      { id: 2, fn: '() => {}' },
    ]),
    kind: 'json',
  },
  {
    name: 'a tree listing',
    text: '.\n├── src\n│   ├── index.ts\n│   └── main.ts\n└── package.json\n',
    kind: 'listing',
  },
  { name: 'base64 payload', text: 'QUJD'.repeat(200), kind: 'binary' },
  { name: 'text with a NUL byte', text: 'abc\u0000def', kind: 'binary' },
  {
    name: 'python source',
    text: 'import os\n\n\nclass Loader:\n    def __init__(self, path):\n        self.path = path\n\n    def load(self):\n        if not os.path.exists(self.path):\n            return None\n        return open(self.path).read()\n',
    kind: 'code',
    language: 'python',
  },
  {
    name: 'go source',
    text: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tx := 1\n\tif err != nil {\n\t\treturn\n\t}\n\tfmt.Println(x)\n}\n',
    kind: 'code',
    language: 'go',
  },
  {
    name: 'rust source',
    text: 'use std::collections::HashMap;\n\npub struct Cache {\n    map: HashMap<String, u32>,\n}\n\nimpl Cache {\n    pub fn new() -> Self {\n        let map = HashMap::new();\n        Self { map }\n    }\n}\n',
    kind: 'code',
    language: 'rust',
  },
  {
    name: 'typescript source',
    text: "import { readFileSync, readdirSync } from 'node:fs';\n\nexport interface Options {\n  path: string;\n  retries: number;\n}\n\nexport function load(options: Options): string {\n  const text = readFileSync(options.path, 'utf8');\n  return text;\n}\n",
    kind: 'code',
    language: 'typescript',
  },
  {
    name: 'java source',
    text: 'package com.example;\n\nimport java.util.List;\n\npublic class Greeter {\n    @Override\n    public String toString() {\n        return "hi";\n    }\n    public static void main(String[] args) {\n        System.out.println(new Greeter());\n    }\n}\n',
    kind: 'code',
    language: 'java',
  },
  {
    name: 'ruby source',
    text: "require 'json'\n\nclass Parser < Base\n  attr_reader :text\n\n  def initialize(text)\n    @text = text\n  end\n\n  def parse\n    JSON.parse(@text)\n  end\nend\n",
    kind: 'code',
    language: 'ruby',
  },
  {
    name: 'shell script',
    text: '#!/usr/bin/env bash\nset -e\nexport OUT_DIR="dist"\nif [ -d "$OUT_DIR" ]; then\n  rm -rf "$OUT_DIR"\nfi\nmkdir -p "$OUT_DIR" && cp -r src "$OUT_DIR"\necho "done"\n',
    kind: 'code',
    language: 'shell',
  },
  {
    name: 'c source',
    text: '#include <stdio.h>\n#include <stdlib.h>\n\nint main(int argc, char **argv) {\n    char *buffer = malloc(16);\n    printf("%s\\n", argv[0]);\n    free(buffer);\n    return 0;\n}\n',
    kind: 'code',
    language: 'c',
  },
  {
    name: 'c++ source',
    text: '#include <vector>\n#include <string>\n\nnamespace cache {\nclass Store : public Base {\n public:\n  std::vector<std::string> keys() const;\n};\n}\n\nstd::vector<std::string> cache::Store::keys() const {\n  return std::vector<std::string>();\n}\n',
    kind: 'code',
    language: 'cpp',
  },
  {
    name: 'a file read with line numbers (cat -n, editor read tools)',
    text: '     1→import os\n     2→\n     3→\n     4→class Loader:\n     5→    def __init__(self, path):\n     6→        self.path = path\n     7→\n     8→    def load(self):\n     9→        return open(self.path).read()\n',
    kind: 'numbered',
    language: 'python',
  },
  {
    name: 'uniform records that a code detector would grab (BL-30)',
    text: JSON.stringify(
      Array.from({ length: 120 }, (_, id) => ({
        id,
        status: id === 7 ? 'error' : 'ok',
        latency_ms: id * 3,
      })),
      null,
      2,
    ),
    kind: 'json',
  },
  {
    name: 'a YAML manifest, which no compressor may cut line by line',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    kind: 'unknown',
  },
  {
    name: 'a CSV table',
    text: 'id,name,qty\n1,apple,3\n2,pear,5\n3,plum,0\n4,fig,9\n5,kiwi,2\n',
    kind: 'unknown',
  },
  {
    name: 'markdown',
    text: '# Title\n\nSome intro text here.\n\n## Install\n\n- one\n- two\n\n## Usage\n\nRun it.\n',
    kind: 'markdown',
  },
  {
    name: 'prose',
    text: 'The service restarted twice during the night. Nobody was paged, and the backlog drained by morning.\nWe should look at the memory limits before the next release.\n',
    kind: 'prose',
  },
];

describe(detectContent.name, () => {
  it.each(CORPUS_CASES)('routes $file', ({ file, kinds }) => {
    const detection = detectContent(readFileSync(corpusPath(file), 'utf8'));

    expect(kinds).toContain(detection.kind);
    expect(detection.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it.each(SNIPPET_CASES)('detects $name', ({ text, kind, language }) => {
    const detection = detectContent(text);

    expect(detection.kind).toBe(kind);
    if (language) {
      expect(detection.language).toBe(language);
    }
  });

  it('calls empty text unknown', () => {
    expect(detectContent('  \n ').kind).toBe('unknown');
  });
});

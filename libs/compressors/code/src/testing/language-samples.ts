import type { CodeLanguage } from '@headroom/contracts';

/**
 * One small, hand-written file per supported language, each with an import, a
 * type, a documented function whose body is long enough to elide, and a
 * function named `settleInvoice` that tests ask about by name.
 */
export type LanguageSample = {
  language: CodeLanguage;
  source: string;
  /** Lines that must survive compression verbatim. */
  signatures: string[];
};

const lines = (count: number, render: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => render(index)).join('\n');

export const LANGUAGE_SAMPLES: LanguageSample[] = [
  {
    language: 'typescript',
    signatures: [
      "import { readFileSync } from 'node:fs';",
      'export interface Ledger {',
      'export function totalOf(ledger: Ledger): number {',
      'export function settleInvoice(id: string): boolean {',
    ],
    source: `import { readFileSync } from 'node:fs';

export interface Ledger {
  entries: number[];
}

/**
 * Adds every entry of the ledger.
 * Negative entries are refunds and count against the total.
 * Returns zero for an empty ledger, and never throws on a missing entry.
 *
 * @param ledger the ledger to add up; it is not modified
 * @returns the sum of the entries, in cents
 */
export function totalOf(ledger: Ledger): number {
  let total = 0;
${lines(8, (i) => `  total += ledger.entries[${i}] ?? 0;`)}
  return total;
}

export function settleInvoice(id: string): boolean {
  const raw = readFileSync(id, 'utf8');
${lines(5, (i) => `  if (raw === 'x${i}') { return false; }`)}
  return true;
}
`,
  },
  {
    language: 'tsx',
    signatures: [
      "import React from 'react';",
      'export function Ledger(props: { rows: string[] }) {',
      'export function settleInvoice(id: string): boolean {',
    ],
    source: `import React from 'react';

export function Ledger(props: { rows: string[] }) {
  const rows = props.rows.map((row) => <li key={row}>{row}</li>);
${lines(6, (i) => `  const extra${i} = <span className="x${i}">{rows.length}</span>;`)}
  return <ul>{rows}</ul>;
}

export function settleInvoice(id: string): boolean {
${lines(6, (i) => `  if (id === 'x${i}') { return false; }`)}
  return true;
}
`,
  },
  {
    language: 'javascript',
    signatures: [
      "const fs = require('fs');",
      'class Ledger {',
      '  total() {',
      'function settleInvoice(id) {',
    ],
    source: `const fs = require('fs');

class Ledger {
  constructor() {
    this.entries = [];
  }

  total() {
    let sum = 0;
${lines(8, (i) => `    sum += this.entries[${i}] || 0;`)}
    return sum;
  }
}

function settleInvoice(id) {
${lines(6, (i) => `  if (id === ${i}) return fs.existsSync('x${i}');`)}
  return true;
}

module.exports = { Ledger, settleInvoice };
`,
  },
  {
    language: 'python',
    signatures: [
      'import os',
      'class Ledger:',
      '    def total(self) -> int:',
      'def settle_invoice(invoice_id: str) -> bool:',
      '        """Add every entry."""',
    ],
    source: `import os
from typing import List


class Ledger:
    """A list of entries.

    Entries are integers in cents. Refunds are negative and count against
    the total. The list is kept in the order the entries were booked, and
    an empty ledger is valid.
    """

    def __init__(self, entries: List[int]):
        self.entries = entries

    def total(self) -> int:
        """Add every entry.

        Refunds count against the total.
        """
        total = 0
${lines(8, (i) => `        total += self.entries[${i}] if len(self.entries) > ${i} else 0`)}
        return total  # the sum


def settle_invoice(invoice_id: str) -> bool:
${lines(6, (i) => `    if invoice_id == "x${i}":\n        return os.path.exists("x${i}")`)}
    return True
`,
  },
  {
    language: 'go',
    signatures: [
      'import "fmt"',
      'type Ledger struct {',
      'func (l *Ledger) Total() int {',
      'func SettleInvoice(id string) bool {',
    ],
    source: `package ledger

import "fmt"

// Ledger holds entries in cents.
type Ledger struct {
\tEntries []int
}

// Total adds every entry.
func (l *Ledger) Total() int {
\ttotal := 0
${lines(8, (i) => `\ttotal += l.Entries[${i}]`)}
\treturn total
}

func SettleInvoice(id string) bool {
${lines(6, (i) => `\tif id == "x${i}" {\n\t\tfmt.Println(id)\n\t}`)}
\treturn true
}
`,
  },
  {
    language: 'rust',
    signatures: [
      'use std::fs;',
      'pub struct Ledger {',
      '    pub fn total(&self) -> i64 {',
      'pub fn settle_invoice(id: &str) -> bool {',
    ],
    source: `use std::fs;

/// Entries in cents.
pub struct Ledger {
    entries: Vec<i64>,
}

impl Ledger {
    /// Adds every entry.
    pub fn total(&self) -> i64 {
        let mut total = 0;
${lines(8, (i) => `        total += self.entries.get(${i}).copied().unwrap_or(0);`)}
        total
    }
}

pub fn settle_invoice(id: &str) -> bool {
${lines(6, (i) => `    if id == "x${i}" { return fs::metadata("x${i}").is_ok(); }`)}
    true
}
`,
  },
  {
    language: 'java',
    signatures: [
      'import java.util.List;',
      'public class Ledger {',
      '    public long total() {',
      '    public static boolean settleInvoice(String id) {',
    ],
    source: `package billing;

import java.util.List;

public class Ledger {
    private final List<Long> entries;

    public Ledger(List<Long> entries) {
        this.entries = entries;
    }

    /** Adds every entry. */
    public long total() {
        long total = 0;
${lines(8, (i) => `        total += entries.size() > ${i} ? entries.get(${i}) : 0;`)}
        return total;
    }

    public static boolean settleInvoice(String id) {
${lines(6, (i) => `        if (id.equals("x${i}")) { return false; }`)}
        return true;
    }
}
`,
  },
  {
    language: 'c',
    signatures: [
      '#include <stdio.h>',
      'struct ledger {',
      'long ledger_total(const struct ledger *l) {',
      'int settle_invoice(const char *id) {',
    ],
    source: `#include <stdio.h>
#include <string.h>

struct ledger {
    long entries[16];
    int count;
};

/* Adds every entry. */
long ledger_total(const struct ledger *l) {
    long total = 0;
${lines(8, (i) => `    if (l->count > ${i}) total += l->entries[${i}];`)}
    return total;
}

int settle_invoice(const char *id) {
${lines(6, (i) => `    if (strcmp(id, "x${i}") == 0) { printf("%s", id); return 0; }`)}
    return 1;
}
`,
  },
  {
    language: 'cpp',
    signatures: [
      '#include <vector>',
      'class Ledger {',
      '  long total() const {',
      'bool settleInvoice(const std::string& id) {',
    ],
    source: `#include <vector>
#include <string>

class Ledger {
 public:
  long total() const {
    long sum = 0;
${lines(8, (i) => `    if (entries_.size() > ${i}) sum += entries_[${i}];`)}
    return sum;
  }

 private:
  std::vector<long> entries_;
};

bool settleInvoice(const std::string& id) {
${lines(6, (i) => `  if (id == "x${i}") { return false; }`)}
  return true;
}
`,
  },
  {
    language: 'csharp',
    signatures: [
      'using System;',
      'public class Ledger',
      '    public long Total()',
      '    public static bool SettleInvoice(string id)',
    ],
    source: `using System;
using System.Collections.Generic;

namespace Billing
{
    public class Ledger
    {
        private readonly List<long> entries = new List<long>();

        /// <summary>
        /// Adds every entry.
        /// Refunds are negative.
        /// An empty ledger totals zero.
        /// </summary>
        public long Total()
        {
            long total = 0;
${lines(8, (i) => `            if (entries.Count > ${i}) total += entries[${i}];`)}
            return total;
        }

        public static bool SettleInvoice(string id)
        {
${lines(6, (i) => `            if (id == "x${i}") { Console.WriteLine(id); return false; }`)}
            return true;
        }
    }
}
`,
  },
  {
    language: 'ruby',
    signatures: ["require 'json'", 'class Ledger', '  def total', '  def settle_invoice(id)'],
    source: `require 'json'

class Ledger
  attr_reader :entries

  # Adds every entry.
  def total
    sum = 0
${lines(8, (i) => `    sum += entries[${i}] || 0`)}
    sum
  end

  def settle_invoice(id)
${lines(6, (i) => `    return false if id == "x${i}"`)}
    true
  end
end
`,
  },
  {
    language: 'shell',
    signatures: ['#!/usr/bin/env bash', 'total() {', 'settle_invoice() {'],
    source: `#!/usr/bin/env bash
set -euo pipefail

total() {
  local sum=0
${lines(8, (i) => `  sum=$((sum + \${entries[${i}]:-0}))`)}
  echo "$sum"
}

settle_invoice() {
${lines(6, (i) => `  if [ "$1" = "x${i}" ]; then\n    return 1\n  fi`)}
  return 0
}

total
`,
  },
  {
    language: 'php',
    signatures: [
      '<?php',
      'class Ledger',
      '    public function total(): int',
      'function settleInvoice(string $id): bool',
    ],
    source: `<?php

namespace Billing;

class Ledger
{
    private array $entries = [];

    public function total(): int
    {
        $sum = 0;
${lines(8, (i) => `        $sum += $this->entries[${i}] ?? 0;`)}
        return $sum;
    }
}

function settleInvoice(string $id): bool
{
${lines(6, (i) => `    if ($id === "x${i}") { return false; }`)}
    return true;
}
`,
  },
];

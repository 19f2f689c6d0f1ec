import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Found by walking up, because the same code runs from src/ (tests) and dist/.
function findVersion(start: string): string {
  for (let directory = start; dirname(directory) !== directory; directory = dirname(directory)) {
    const candidate = join(directory, 'package.json');

    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };

      if (manifest.name === 'headroom' && manifest.version) {
        return manifest.version;
      }
    }
  }

  return '0.0.0';
}

export const GATEWAY_VERSION = findVersion(__dirname);

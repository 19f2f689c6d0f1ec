import { listFiles, readText } from '../corpus-files';
import { jsonFidelity } from '../fidelity/json-needles';
import type { QualityCase, QualityFamily } from '../quality.types';

/** Recorded API responses (GitHub, AWS, Kubernetes, Stripe, Slack), whole. */
export const jsonFamily: QualityFamily = {
  name: 'json',
  cases: (corpus) =>
    listFiles(corpus, 'json', (path) => path.endsWith('.json')).map((path) => ({
      name: path,
      text: readText(corpus, path),
      query: '',
      kind: 'json',
    })),
  fidelity: (input, output) => jsonFidelity(input.text, output),
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The arrays of 100 or more records inside those responses, each on its own, pretty-printed as recorded. */
export const jsonArraysFamily: QualityFamily = {
  name: 'json-100+',
  cases: (corpus) => jsonFamily.cases(corpus).flatMap((file) => largeArrays(file)),
  fidelity: (input, output) => jsonFidelity(input.text, output),
};

function largeArrays(file: QualityCase): QualityCase[] {
  const found: Json[][] = [];
  const visit = (value: Json): void => {
    if (Array.isArray(value)) {
      if (
        value.length >= 100 &&
        value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
      ) {
        found.push(value);
      }
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  visit(JSON.parse(file.text) as Json);

  return found.map((items, index) => ({
    name: `${file.name}#${index}`,
    text: JSON.stringify(items, null, 2),
    query: '',
    kind: 'json',
  }));
}

// Validates Kubernetes objects (a JSON array on stdin) against the OpenAPI
// schemas shipped in the `kubernetes-models` packages, which are ESM-only and
// so run here rather than inside the CommonJS jest process. Prints a JSON
// array of problems; exits 3 when the packages are not installed.
import { readFileSync } from 'node:fs';

const MODULES = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];

for (const object of objects) {
  const specifier = MODULES[object.apiVersion];
  let models;
  try {
    models = await import(specifier);
  } catch {
    process.exit(3);
  }
  const Model = models[object.kind];
  if (!Model) {
    problems.push(`${object.kind}/${object.metadata?.name}: no schema for ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${object.kind}/${object.metadata?.name}: ${error.message}`);
  }
}

process.stdout.write(JSON.stringify(problems));

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as plain data. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

type Kustomization = {
  namespace?: string;
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { path: string }[];
};

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);

/**
 * Renders the subset of kustomize this repository's k8s/ tree uses —
 * `resources` (files and directories), `namespace`, `labels` without
 * selectors, `images`, `replicas` and strategic-merge `patches` (maps merged,
 * lists of named items merged by name, `null` deletes, `$patch: delete`
 * removes an object) — so CI can check the overlays without a kubectl
 * binary. The spec compares it with `kubectl kustomize` wherever one exists.
 */
export function renderKustomization(dir: string): K8sObject[] {
  const kustomization = readYaml(join(dir, 'kustomization.yaml'))[0] as Kustomization;
  let objects: K8sObject[] = [];

  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(
      ...(statSync(path).isDirectory()
        ? renderKustomization(path)
        : (readYaml(path) as K8sObject[])),
    );
  }

  for (const patch of kustomization.patches ?? []) {
    for (const document of readYaml(join(dir, patch.path)) as K8sObject[]) {
      objects = applyPatch(objects, document);
    }
  }

  for (const { name, count } of kustomization.replicas ?? []) {
    const target = objects.find(
      (object) => object.kind === 'Deployment' && object.metadata.name === name,
    );
    if (!target) throw new Error(`replicas: no Deployment ${name}`);
    (target.spec as Record<string, unknown>).replicas = count;
  }

  for (const object of objects) {
    if (kustomization.namespace && !CLUSTER_SCOPED.has(object.kind)) {
      object.metadata.namespace = kustomization.namespace;
    }
    for (const { pairs, includeSelectors } of kustomization.labels ?? []) {
      if (includeSelectors)
        throw new Error('labels.includeSelectors is outside the supported subset');
      object.metadata.labels = { ...object.metadata.labels, ...pairs };
    }
    for (const container of containersOf(object)) {
      const image = (kustomization.images ?? []).find(
        (entry) => imageName(container.image) === entry.name,
      );
      if (image) {
        container.image = `${image.newName ?? image.name}:${image.newTag ?? imageTag(container.image)}`;
      }
    }
  }

  return objects;
}

export function containersOf(
  object: K8sObject,
): { name: string; image: string; [field: string]: unknown }[] {
  const spec = (object.spec as { template?: { spec?: { containers?: unknown[] } } } | undefined)
    ?.template?.spec;

  return (spec?.containers ?? []) as { name: string; image: string }[];
}

function readYaml(path: string): unknown[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);

  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);

      return document.toJS() as unknown;
    })
    .filter((document) => document !== null);
}

function applyPatch(objects: K8sObject[], patch: K8sObject): K8sObject[] {
  const index = objects.findIndex(
    (object) => object.kind === patch.kind && object.metadata.name === patch.metadata.name,
  );
  if (index < 0) throw new Error(`patch targets missing ${patch.kind}/${patch.metadata.name}`);
  if ((patch as Record<string, unknown>).$patch === 'delete') {
    return objects.filter((_, position) => position !== index);
  }
  const merged = mergeStrategic(objects[index], patch) as K8sObject;

  return objects.map((object, position) => (position === index ? merged : object));
}

function mergeStrategic(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch) && patch.every(isNamed) && base.every(isNamed)) {
    const result = base.map((item) => {
      const update = patch.find((candidate) => candidate.name === item.name);

      return update ? mergeStrategic(item, update) : item;
    });

    return [
      ...result,
      ...patch.filter((item) => !base.some((existing) => existing.name === item.name)),
    ];
  }
  if (isPlainObject(base) && isPlainObject(patch)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete result[key];
      else result[key] = key in base ? mergeStrategic(base[key], value) : value;
    }

    return result;
  }

  return patch;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNamed(value: unknown): value is { name: string } {
  return isPlainObject(value) && typeof value.name === 'string';
}

function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');

  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

function imageTag(image: string): string {
  const name = imageName(image);

  return image.length > name.length ? image.slice(name.length + 1) : 'latest';
}

import { type K8sObject, containersOf } from './kustomize-lite';

/**
 * Checks rendered objects against the parts of the Kubernetes API schemas
 * these manifests use (kinds and versions, required fields and their types,
 * name formats, enums) and against the references between objects
 * (selectors, port names, config sources, scale targets). Returns every
 * problem found, as `kind/name: what`.
 */
export function checkManifests(
  objects: readonly K8sObject[],
  options: { externalSecrets?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  const context = new CheckContext(objects, options.externalSecrets ?? [], problems);
  for (const object of objects) context.check(object);

  return problems;
}

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

type Labels = Record<string, string>;
type Container = ReturnType<typeof containersOf>[number];

class CheckContext {
  constructor(
    private readonly objects: readonly K8sObject[],
    private readonly externalSecrets: readonly string[],
    private readonly problems: string[],
  ) {}

  check(object: K8sObject): void {
    const say = (message: string): void => {
      this.problems.push(`${object.kind}/${object.metadata?.name}: ${message}`);
    };
    const expected = API_VERSIONS[object.kind];
    if (!expected) return say('kind not in the supported set');
    if (object.apiVersion !== expected)
      say(`apiVersion ${object.apiVersion}, expected ${expected}`);
    if (typeof object.metadata?.name !== 'string' || !DNS_SUBDOMAIN.test(object.metadata.name)) {
      say('metadata.name is not a DNS-1123 subdomain');
    }
    if (object.kind !== 'Namespace' && !object.metadata.namespace)
      say('no namespace after rendering');
    for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
      if (typeof value !== 'string' || !LABEL_VALUE.test(value))
        say(`label ${key} has an invalid value`);
    }

    const spec = (object.spec ?? {}) as Record<string, unknown>;
    switch (object.kind) {
      case 'Deployment':
        return this.deployment(object, spec, say);
      case 'Service':
        return this.service(object, spec, say);
      case 'HorizontalPodAutoscaler':
        return this.autoscaler(spec, say);
      case 'PodDisruptionBudget':
        return this.disruptionBudget(object, spec, say);
      case 'NetworkPolicy':
        return this.networkPolicy(object, spec, say);
      case 'ServiceMonitor':
        return this.serviceMonitor(object, spec, say);
      case 'ConfigMap':
      case 'Secret':
        return stringMap(object, say);
    }
  }

  private deployment(object: K8sObject, spec: Record<string, unknown>, say: (m: string) => void) {
    const selector = (spec.selector as { matchLabels?: Labels } | undefined)?.matchLabels;
    const template = spec.template as {
      metadata?: { labels?: Labels };
      spec?: Record<string, unknown>;
    };
    if (!selector || Object.keys(selector).length === 0)
      say('spec.selector.matchLabels is required');
    if (!matches(selector ?? {}, template?.metadata?.labels ?? {}))
      say('selector does not match the template labels');
    if (spec.replicas !== undefined && !isInteger(spec.replicas, 0))
      say('spec.replicas must be an integer >= 0');

    const pod = template?.spec ?? {};
    const podSecurity = (pod.securityContext ?? {}) as Record<string, unknown>;
    if (podSecurity.runAsNonRoot !== true) say('pod must set runAsNonRoot');
    if ((podSecurity.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') {
      say('pod must use the RuntimeDefault seccomp profile');
    }
    const containers = containersOf(object);
    if (containers.length === 0) say('no containers');
    const volumes = new Set(
      ((pod.volumes ?? []) as { name: string }[]).map((volume) => volume.name),
    );
    for (const container of containers)
      this.container(container, volumes, (m) => say(`container ${container.name}: ${m}`));
  }

  private container(container: Container, volumes: Set<string>, say: (m: string) => void) {
    if (!DNS_LABEL.test(container.name ?? '')) say('name is not a DNS-1123 label');
    if (typeof container.image !== 'string' || !/^[^\s:]+:[\w.-]+$/.test(container.image))
      say('image needs a name and a tag');
    const ports = (container.ports ?? []) as {
      name?: string;
      containerPort?: unknown;
      protocol?: string;
    }[];
    for (const port of ports) {
      if (!isInteger(port.containerPort, 1, 65_535))
        say('containerPort must be an integer in 1..65535');
      if (port.name !== undefined && !PORT_NAME.test(port.name))
        say(`port name ${port.name} is invalid`);
      if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
        say('bad protocol');
    }
    const portNames = new Set(ports.map((port) => port.name));
    for (const probeName of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const probe = container[probeName] as
        { httpGet?: { path?: string; port?: unknown } } | undefined;
      if (!probe) {
        if (probeName !== 'startupProbe') say(`${probeName} is required here`);
        continue;
      }
      const port = probe.httpGet?.port;
      if (!probe.httpGet?.path?.startsWith('/')) say(`${probeName} needs an httpGet path`);
      if (typeof port === 'string' ? !portNames.has(port) : !isInteger(port, 1, 65_535)) {
        say(`${probeName} port ${String(port)} is not a container port`);
      }
    }
    this.resources(container.resources as Record<string, Record<string, unknown>> | undefined, say);
    const security = (container.securityContext ?? {}) as Record<string, unknown>;
    if (security.allowPrivilegeEscalation !== false) say('allowPrivilegeEscalation must be false');
    if (security.readOnlyRootFilesystem !== true) say('root filesystem must be read-only');
    if (!((security.capabilities as { drop?: string[] } | undefined)?.drop ?? []).includes('ALL'))
      say('must drop ALL capabilities');
    for (const source of (container.envFrom ?? []) as {
      configMapRef?: { name: string };
      secretRef?: { name: string };
    }[]) {
      if (source.configMapRef && !this.find('ConfigMap', source.configMapRef.name))
        say(`ConfigMap ${source.configMapRef.name} missing`);
      if (
        source.secretRef &&
        !this.find('Secret', source.secretRef.name) &&
        !this.externalSecrets.includes(source.secretRef.name)
      ) {
        say(`Secret ${source.secretRef.name} missing`);
      }
    }
    for (const mount of (container.volumeMounts ?? []) as { name: string; mountPath: string }[]) {
      if (!volumes.has(mount.name)) say(`volumeMount ${mount.name} has no volume`);
    }
  }

  private resources(
    resources: Record<string, Record<string, unknown>> | undefined,
    say: (m: string) => void,
  ) {
    if (!resources?.requests || !resources.limits) return say('requests and limits are required');
    for (const resource of ['cpu', 'memory']) {
      const request = quantity(resources.requests[resource]);
      const limit = quantity(resources.limits[resource]);
      if (request === undefined || limit === undefined)
        say(`${resource} request and limit must be quantities`);
      else if (request > limit) say(`${resource} request exceeds its limit`);
    }
  }

  private service(object: K8sObject, spec: Record<string, unknown>, say: (m: string) => void) {
    if (!DNS_LABEL.test(object.metadata.name)) say('Service names must be DNS-1123 labels');
    const selector = spec.selector as Labels | undefined;
    const backends = this.podsMatching(selector ?? {});
    if (!selector || backends.length === 0) say('selector matches no Deployment');
    if (
      spec.type !== undefined &&
      !['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(String(spec.type))
    )
      say('bad type');
    const ports = (spec.ports ?? []) as { name?: string; port?: unknown; targetPort?: unknown }[];
    if (ports.length === 0) say('no ports');
    for (const port of ports) {
      if (!isInteger(port.port, 1, 65_535)) say('port must be an integer in 1..65535');
      if (typeof port.targetPort === 'string') {
        for (const backend of backends) {
          const names = containersOf(backend).flatMap((container) =>
            ((container.ports ?? []) as { name?: string }[]).map((p) => p.name),
          );
          if (!names.includes(port.targetPort))
            say(`targetPort ${port.targetPort} not on ${backend.metadata.name}`);
        }
      }
    }
  }

  private autoscaler(spec: Record<string, unknown>, say: (m: string) => void) {
    const target = spec.scaleTargetRef as
      { apiVersion?: string; kind?: string; name?: string } | undefined;
    if (
      target?.kind !== 'Deployment' ||
      target.apiVersion !== 'apps/v1' ||
      !this.find('Deployment', target.name ?? '')
    ) {
      say('scaleTargetRef must name a Deployment in the render');
    }
    const min = spec.minReplicas ?? 1;
    if (
      !isInteger(min, 1) ||
      !isInteger(spec.maxReplicas, 1) ||
      (min as number) > (spec.maxReplicas as number)
    ) {
      say('need integers 1 <= minReplicas <= maxReplicas');
    }
    const metrics = (spec.metrics ?? []) as Record<string, Record<string, unknown> | string>[];
    if (metrics.length === 0) say('no metrics');
    for (const metric of metrics) {
      const type = metric.type as string;
      const body = metric[type.charAt(0).toLowerCase() + type.slice(1)] as
        Record<string, unknown> | undefined;
      if (
        !['Resource', 'External', 'Pods', 'Object', 'ContainerResource'].includes(type) ||
        !body
      ) {
        say(`metric of type ${type} has no matching body`);
        continue;
      }
      const metricTarget = body.target as
        { type?: string; averageUtilization?: unknown; averageValue?: unknown } | undefined;
      if (
        !metricTarget ||
        !['Utilization', 'Value', 'AverageValue'].includes(metricTarget.type ?? '')
      )
        say('metric target type invalid');
      if (metricTarget?.type === 'Utilization' && !isInteger(metricTarget.averageUtilization, 1))
        say('averageUtilization must be an integer');
      if (
        metricTarget?.type === 'AverageValue' &&
        quantity(metricTarget.averageValue) === undefined
      )
        say('averageValue must be a quantity');
      if (
        type === 'External' &&
        typeof (body.metric as { name?: unknown } | undefined)?.name !== 'string'
      )
        say('external metric needs a name');
    }
  }

  private disruptionBudget(
    object: K8sObject,
    spec: Record<string, unknown>,
    say: (m: string) => void,
  ) {
    if ((spec.minAvailable === undefined) === (spec.maxUnavailable === undefined)) {
      say('exactly one of minAvailable and maxUnavailable');
    }
    const pods = this.podsMatching(
      (spec.selector as { matchLabels?: Labels } | undefined)?.matchLabels ?? {},
    );
    if (pods.length !== 1) return say('selector must match exactly one Deployment');
    // A budget that keeps every replica of a single-replica app blocks every node drain.
    const autoscaler = this.objects.find(
      (candidate) =>
        candidate.kind === 'HorizontalPodAutoscaler' &&
        (candidate.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name ===
          pods[0].metadata.name,
    );
    const floor = autoscaler
      ? Number((autoscaler.spec as { minReplicas?: number }).minReplicas ?? 1)
      : Number((pods[0].spec as { replicas?: number }).replicas ?? 1);
    if (typeof spec.minAvailable === 'number' && spec.minAvailable >= floor) {
      say(`minAvailable ${spec.minAvailable} with ${floor} replica(s) blocks drains`);
    }
    void object;
  }

  private networkPolicy(
    object: K8sObject,
    spec: Record<string, unknown>,
    say: (m: string) => void,
  ) {
    if (!spec.podSelector || typeof spec.podSelector !== 'object') say('podSelector is required');
    for (const type of (spec.policyTypes ?? []) as string[]) {
      if (!['Ingress', 'Egress'].includes(type)) say(`policy type ${type} invalid`);
    }
    const pods = this.podsSelected(spec.podSelector as Selector);
    for (const rule of (spec.ingress ?? []) as { ports?: { port?: unknown }[] }[]) {
      for (const { port } of rule.ports ?? []) {
        if (typeof port !== 'string') continue;
        for (const pod of pods) {
          const names = containersOf(pod).flatMap((container) =>
            ((container.ports ?? []) as { name?: string }[]).map((p) => p.name),
          );
          if (!names.includes(port)) say(`port ${port} not on ${pod.metadata.name}`);
        }
      }
    }
    void object;
  }

  private serviceMonitor(
    object: K8sObject,
    spec: Record<string, unknown>,
    say: (m: string) => void,
  ) {
    const selector = (spec.selector as { matchLabels?: Labels } | undefined)?.matchLabels ?? {};
    const services = this.objects.filter(
      (candidate) =>
        candidate.kind === 'Service' && matches(selector, candidate.metadata.labels ?? {}),
    );
    if (services.length === 0) say('selector matches no Service');
    const endpoints = (spec.endpoints ?? []) as { port?: string; path?: string }[];
    if (endpoints.length === 0) say('no endpoints');
    for (const endpoint of endpoints) {
      for (const service of services) {
        const names = ((service.spec as { ports?: { name?: string }[] }).ports ?? []).map(
          (port) => port.name,
        );
        if (!names.includes(endpoint.port))
          say(`port ${endpoint.port} not on Service ${service.metadata.name}`);
      }
    }
    void object;
  }

  /** Deployments whose pod template carries every label of `selector`. */
  podsMatching(selector: Labels): K8sObject[] {
    return this.podsSelected({ matchLabels: selector });
  }

  podsSelected(selector: Selector | undefined): K8sObject[] {
    return this.objects.filter(
      (object) => object.kind === 'Deployment' && selects(selector ?? {}, podLabels(object)),
    );
  }

  private find(kind: string, name: string): K8sObject | undefined {
    return this.objects.find((object) => object.kind === kind && object.metadata.name === name);
  }
}

export type Selector = {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

export function podLabels(object: K8sObject): Labels {
  return (
    (object.spec as { template?: { metadata?: { labels?: Labels } } }).template?.metadata?.labels ??
    {}
  );
}

export function selects(selector: Selector, labels: Labels): boolean {
  if (!matches(selector.matchLabels ?? {}, labels)) return false;

  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);

    return false;
  });
}

function matches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function stringMap(object: K8sObject, say: (m: string) => void): void {
  for (const field of ['data', 'stringData']) {
    for (const [key, value] of Object.entries((object[field] ?? {}) as Record<string, unknown>)) {
      if (typeof value !== 'string') say(`${field}.${key} must be a string`);
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) say(`${field} key ${key} is invalid`);
    }
  }
}

function isInteger(
  value: unknown,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const SUFFIXES: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** A Kubernetes quantity (`250m`, `1`, `512Mi`) as a number; `undefined` if malformed. */
export function quantity(value: unknown): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(value ?? ''));

  return match ? Number(match[1]) * SUFFIXES[match[2] ?? ''] : undefined;
}

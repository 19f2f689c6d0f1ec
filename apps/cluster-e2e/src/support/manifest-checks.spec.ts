import type { K8sObject } from './kustomize-lite';
import { checkManifests, quantity } from './manifest-checks';

function deployment(overrides: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'web:1.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              livenessProbe: { httpGet: { path: '/livez', port: 'http' } },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
              resources: {
                requests: { cpu: '100m', memory: '64Mi' },
                limits: { cpu: '1', memory: '128Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
      ...overrides,
    },
  };
}

describe(checkManifests.name, () => {
  it('accepts a well-formed Deployment', () => {
    expect(checkManifests([deployment()])).toEqual([]);
  });

  it('reports a selector that misses the pods, a wrong probe port and a request above its limit', () => {
    const broken = deployment({ selector: { matchLabels: { app: 'other' } } });
    const container = (
      broken.spec as { template: { spec: { containers: Record<string, unknown>[] } } }
    ).template.spec.containers[0];
    container.readinessProbe = { httpGet: { path: '/readyz', port: 'metrics' } };
    container.resources = {
      requests: { cpu: '2', memory: '64Mi' },
      limits: { cpu: '1', memory: '128Mi' },
    };

    expect(checkManifests([broken])).toEqual([
      'Deployment/web: selector does not match the template labels',
      'Deployment/web: container web: readinessProbe port metrics is not a container port',
      'Deployment/web: container web: cpu request exceeds its limit',
    ]);
  });

  it('reports an HPA whose target does not exist and a Service that selects nothing', () => {
    const problems = checkManifests([
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: 'ns' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone' },
          maxReplicas: 2,
          metrics: [],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'ns' },
        spec: { selector: { app: 'x' }, ports: [{ port: 80 }] },
      },
    ]);

    expect(problems).toEqual([
      'HorizontalPodAutoscaler/web: scaleTargetRef must name a Deployment in the render',
      'HorizontalPodAutoscaler/web: no metrics',
      'Service/web: selector matches no Deployment',
    ]);
  });

  it('reads Kubernetes quantities', () => {
    expect([quantity('250m'), quantity('1'), quantity('512Mi'), quantity('lots')]).toEqual([
      0.25,
      1,
      512 * 1024 ** 2,
      undefined,
    ]);
  });
});

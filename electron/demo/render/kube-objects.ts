/**
 * Service, EndpointSlice, Endpoints, Deployment and DaemonSet objects for `kubectl get … -o json`,
 * built from the model (fixtures/kubectl/*.json show the shapes).
 */
import type { Cluster, ContainerSpec, DaemonSet, Deployment, Service } from '../model/types';
import { containerSpec, meta, type KubeObject } from './kube-meta';
import {
  daemonSetCounts,
  deploymentCounts,
  serviceEndpoints,
  type EndpointState,
} from './kube-state';

export function serviceObject(cluster: Cluster, svc: Service): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(svc.name, svc.namespace, svc.uid, svc.createdAt, cluster.revision, {
      labels: svc.labels,
    }),
    spec: {
      clusterIP: svc.clusterIp,
      clusterIPs: [svc.clusterIp],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: svc.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPortName ?? p.targetPort,
      })),
      ...(svc.selector ? { selector: svc.selector } : {}),
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

/** The pod behind an endpoint, as EndpointSlices and Endpoints both reference it. */
function targetRef(e: EndpointState): KubeObject {
  return e.pod
    ? { targetRef: { kind: 'Pod', name: e.pod.name, namespace: e.pod.namespace, uid: e.pod.uid } }
    : {};
}

export function endpointSliceObject(cluster: Cluster, svc: Service, now: number): KubeObject {
  const endpoints = serviceEndpoints(cluster, svc, now);
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.isReady, serving: e.isReady, terminating: false },
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      ...targetRef(e),
      ...(e.zone ? { zone: e.zone } : {}),
    })),
    kind: 'EndpointSlice',
    metadata: meta(
      svc.endpointSliceName,
      svc.namespace,
      svc.endpointSliceUid,
      svc.createdAt,
      cluster.revision,
      {
        labels: {
          'endpointslice.kubernetes.io/managed-by': svc.selector
            ? 'endpointslice-controller.k8s.io'
            : 'endpointslice-mirroring-controller.k8s.io',
          'kubernetes.io/service-name': svc.name,
        },
        ...(svc.selector
          ? {
              generateName: `${svc.name}-`,
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name: svc.name,
                  uid: svc.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      },
    ),
    ports: svc.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
  };
}

export function endpointsObject(cluster: Cluster, svc: Service, now: number): KubeObject {
  const endpoints = serviceEndpoints(cluster, svc, now).filter((e) => e.isReady);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(svc.name, svc.namespace, svc.endpointSliceUid, svc.createdAt, cluster.revision, {
      labels: svc.labels,
    }),
    subsets: endpoints.length
      ? [
          {
            addresses: endpoints.map((e) => ({
              ip: e.ip,
              ...(e.nodeName ? { nodeName: e.nodeName } : {}),
              ...targetRef(e),
            })),
            ports: svc.ports.map((p) => ({
              ...(p.name ? { name: p.name } : {}),
              port: p.targetPort,
              protocol: p.protocol,
            })),
          },
        ]
      : undefined,
  };
}

export function template(
  selector: Record<string, string>,
  containers: ContainerSpec[],
): KubeObject {
  return {
    metadata: { labels: selector },
    spec: {
      containers: containers.map(containerSpec),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
}

export function deploymentObject(cluster: Cluster, dep: Deployment, now: number): KubeObject {
  const c = deploymentCounts(cluster, dep, now);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(dep.name, dep.namespace, dep.uid, dep.createdAt, cluster.revision, {
      generation: dep.generation,
      labels: dep.selector,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: dep.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: dep.selector },
      strategy: {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate',
      },
      template: template(dep.selector, dep.containers),
    },
    status: {
      availableReplicas: c.available,
      observedGeneration: dep.generation,
      readyReplicas: c.ready,
      replicas: c.current,
      updatedReplicas: c.current,
      ...(c.available < c.desired ? { unavailableReplicas: c.desired - c.available } : {}),
    },
  };
}

/** aws-node's env says what ipamd plays (model/ipam.ts reads `cluster.cni`), so both agree. */
function withCniEnv(cluster: Cluster, ds: DaemonSet): ContainerSpec[] {
  if (ds.name !== 'aws-node') return ds.containers;
  return ds.containers.map((c) =>
    c.name !== 'aws-node' || !c.env
      ? c
      : {
          ...c,
          env: c.env.map((v) =>
            v.name === 'WARM_ENI_TARGET' ? { ...v, value: String(cluster.cni.warmEniTarget) } : v,
          ),
        },
  );
}

export function daemonSetObject(cluster: Cluster, ds: DaemonSet, now: number): KubeObject {
  const c = daemonSetCounts(cluster, ds, now);
  const containers = withCniEnv(cluster, ds);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(ds.name, ds.namespace, ds.uid, ds.createdAt, cluster.revision, {
      generation: 1,
      labels: ds.selector,
    }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: ds.selector },
      template: {
        ...template(ds.selector, containers),
        spec: { ...(template(ds.selector, containers).spec as KubeObject), hostNetwork: true },
      },
      updateStrategy: {
        rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' },
        type: 'RollingUpdate',
      },
    },
    status: {
      currentNumberScheduled: c.current,
      desiredNumberScheduled: c.desired,
      numberAvailable: c.available,
      numberMisscheduled: 0,
      numberReady: c.ready,
      observedGeneration: 1,
      updatedNumberScheduled: c.current,
    },
  };
}

import type { ServiceEndpoint, ServicePort } from './types';

/** What walking a Service port's chains adds to it. */
export interface WalkedPart {
  endpoints: ServiceEndpoint[];
  issues: string[];
  sessionAffinity: { timeoutSeconds: number } | undefined;
}

/** The walk still owed to a deferred port (own, non-enumerable: JSON, spread, clone skip it). */
const PENDING = Symbol('kubelab.pendingWalk');

type Deferred = ServicePort & { [PENDING]?: () => WalkedPart };

function settle(port: Deferred): void {
  const walk = port[PENDING];
  if (walk === undefined) return;
  // Deleted first: it is the last key, so this keeps the port's fast shape.
  delete port[PENDING];
  let walked: WalkedPart;
  try {
    walked = walk();
  } catch (error) {
    // The walk never throws by design; if it did, the port must still settle (no getter loop).
    const issue = `endpoints could not be read: ${error instanceof Error ? error.message : String(error)}`;
    walked = { endpoints: [], issues: [issue], sessionAffinity: undefined };
  }
  define(port, 'endpoints', walked.endpoints);
  define(port, 'issues', walked.issues);
  if (walked.sessionAffinity === undefined) delete port.sessionAffinity;
  else define(port, 'sessionAffinity', walked.sessionAffinity);
}

function define(port: ServicePort, key: keyof WalkedPart, value: unknown): void {
  Object.defineProperty(port, key, { value, writable: true, enumerable: true, configurable: true });
}

// One getter/setter pair per key, shared by every port, so the ports keep one hidden class.
function accessor(key: keyof WalkedPart): PropertyDescriptor {
  return {
    get(this: Deferred): unknown {
      settle(this);
      return this[key];
    },
    set(this: Deferred, value: unknown): void {
      settle(this);
      define(this, key, value);
    },
    enumerable: true,
    configurable: true,
  };
}

const ACCESSORS = {
  endpoints: accessor('endpoints'),
  issues: accessor('issues'),
  sessionAffinity: accessor('sessionAffinity'),
};

/**
 * A copy of `base` whose `endpoints`, `issues` and `sessionAffinity` are own enumerable accessors
 * that call `walk` once, on first read (or write), and then become plain data properties, in the
 * same key order as a port built eagerly. `JSON.stringify`, spread, `structuredClone` and deep
 * equality all read through them, so a deferred port looks exactly like an eager one; a Service
 * list of 10,000 ports × 10 endpoints is answered without making the 100,000 endpoints (and their
 * 200,000 rule references) until someone looks at them. `sessionAffinity` stays absent when the
 * walk finds none: before the walk the key is listed but reads `undefined`, which JSON and deep
 * equality treat as absent.
 */
export function deferWalk(base: ServicePort, walk: () => WalkedPart): ServicePort {
  // Built key by key, the accessors added as new keys: turning an existing data property into an
  // accessor drops V8 to a slow dictionary object (8 µs a port instead of 1).
  const port = {
    namespace: base.namespace,
    name: base.name,
    portName: base.portName,
    protocol: base.protocol,
    clusterIP: base.clusterIP,
    port: base.port,
    nodePort: base.nodePort,
    externalIPs: base.externalIPs,
    loadBalancerIPs: base.loadBalancerIPs,
    loadBalancerSourceRanges: base.loadBalancerSourceRanges,
    externalTrafficPolicy: base.externalTrafficPolicy,
    healthCheckNodePort: base.healthCheckNodePort,
  } as Deferred;
  Object.defineProperty(port, 'endpoints', ACCESSORS.endpoints);
  port.source = base.source;
  Object.defineProperty(port, 'issues', ACCESSORS.issues);
  port.lines = base.lines;
  // The optional keys set before the walk (a loop over Object.keys cost more than the rest).
  if (base.svcChain !== undefined) port.svcChain = base.svcChain;
  if (base.scheduler !== undefined) port.scheduler = base.scheduler;
  Object.defineProperty(port, 'sessionAffinity', ACCESSORS.sessionAffinity);
  Object.defineProperty(port, PENDING, { value: walk, writable: true, configurable: true });
  return port;
}

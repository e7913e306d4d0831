import type { ServiceEndpoint, ServicePort } from './types';

/** What walking a Service port's chains adds to it. */
export interface WalkedPart {
  endpoints: ServiceEndpoint[];
  issues: string[];
  sessionAffinity: { timeoutSeconds: number } | undefined;
}

/** A deferred port's walk, and what it found once run. */
interface Slot {
  walk: (() => WalkedPart) | null;
  walked: WalkedPart | null;
}

/** Own and non-enumerable: JSON, spread and structured clone skip it. */
const SLOT = Symbol('kubelab.deferredWalk');

type Deferred = ServicePort & { [SLOT]: Slot };

function walkedOf(port: Deferred): WalkedPart {
  const slot = port[SLOT];
  if (slot.walked !== null) return slot.walked;
  const walk = slot.walk;
  slot.walk = null;
  let walked: WalkedPart;
  try {
    if (walk === null) throw new Error('walked twice at once');
    walked = walk();
  } catch (error) {
    // The walk never throws by design; if it did, the port must still answer (no getter loop).
    const issue = `endpoints could not be read: ${error instanceof Error ? error.message : String(error)}`;
    walked = { endpoints: [], issues: [issue], sessionAffinity: undefined };
  }
  slot.walked = walked;
  // The last key, so deleting it keeps the port's fast shape; copies then lack it, as eager ports do.
  if (walked.sessionAffinity === undefined) delete port.sessionAffinity;
  return walked;
}

// One getter/setter pair per key, shared by every port, so the ports keep one hidden class. They
// stay accessors after the walk: turning them into data properties cost 3 µs a port.
function accessor(key: keyof WalkedPart): PropertyDescriptor {
  return {
    get(this: Deferred): unknown {
      return walkedOf(this)[key];
    },
    set(this: Deferred, value: never): void {
      walkedOf(this)[key] = value;
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
 * that call `walk` once, on first read (or write), and then answer what it found, in the same
 * key order as a port built eagerly. `JSON.stringify`, spread, `structuredClone` and deep
 * equality all read through them, so a deferred port looks exactly like an eager one; a Service
 * list of 10,000 ports × 10 endpoints is answered without making the 100,000 endpoints (and their
 * 200,000 rule references) until someone looks at them. `sessionAffinity` stays absent when the
 * walk finds none (the key is deleted by the walk; before it, `Object.keys` lists it and it reads
 * `undefined`, which JSON and deep equality treat as absent).
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
  } as ServicePort as Deferred;
  Object.defineProperty(port, 'endpoints', ACCESSORS.endpoints);
  port.source = base.source;
  Object.defineProperty(port, 'issues', ACCESSORS.issues);
  port.lines = base.lines;
  // The optional keys set before the walk (a loop over Object.keys cost more than the rest).
  if (base.svcChain !== undefined) port.svcChain = base.svcChain;
  if (base.scheduler !== undefined) port.scheduler = base.scheduler;
  const slot: Slot = { walk, walked: null };
  Object.defineProperty(port, SLOT, { value: slot, writable: true, configurable: true });
  Object.defineProperty(port, 'sessionAffinity', ACCESSORS.sessionAffinity);
  return port;
}

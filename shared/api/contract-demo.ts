/**
 * Requests only the built-in demo lab answers: its Deployments and scaling them from the UI.
 * Scaling goes through the demo operator host's `kubectl scale`, so the UI and a command typed in
 * the operator's terminal drive the same simulated controllers and VPC CNI. Other workspaces are
 * refused: kubelab never scales a real cluster behind the user's back.
 */
import { z } from 'zod';
import { Id } from '../model/workspace';

/** A Kubernetes object name (RFC 1123 label, as Deployments and namespaces use). */
const KubeName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'a Kubernetes name: lower-case letters, digits, "-"',
  );

/**
 * The most replicas the demo accepts. Its three t3.medium nodes hold 17 pods each, so 100 is
 * well past full (pods go Pending) while keeping the simulation quick.
 */
export const DEMO_MAX_REPLICAS = 100;

/** One Deployment as `kubectl get deployment -o json` reports it. */
export const DemoDeployment = z.object({
  namespace: z.string(),
  name: z.string(),
  /** `spec.replicas`: what was asked. */
  desired: z.number().int().nonnegative(),
  /** `status.readyReplicas`. */
  ready: z.number().int().nonnegative(),
  /** `status.replicas`: pods that exist, ready or not. */
  current: z.number().int().nonnegative(),
});
export type DemoDeployment = z.infer<typeof DemoDeployment>;

/** The demo's requests: `demo:verb` → params and result schemas. */
export const demoRequests = {
  /** The demo cluster's Deployments with desired and ready replicas. */
  'demo:deployments': {
    params: z.object({ workspaceId: Id }).strict(),
    result: z.array(DemoDeployment),
  },
  /**
   * `kubectl scale deployment <name> --replicas <n> -n <namespace>` on the demo's operator host;
   * answers the Deployment's state right after (pods then come up over the ENI attach delay).
   */
  'demo:scale': {
    params: z
      .object({
        workspaceId: Id,
        namespace: KubeName,
        deployment: KubeName,
        replicas: z
          .number()
          .int('replicas must be a whole number')
          .min(0, 'replicas cannot be negative')
          .max(DEMO_MAX_REPLICAS, `the demo scales to at most ${DEMO_MAX_REPLICAS} replicas`),
      })
      .strict(),
    result: DemoDeployment,
  },
} as const;

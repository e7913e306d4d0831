/**
 * `trace:run`: a packet's path from a pod, node or host to a Service name, VIP:port or pod IP,
 * built from the workspace's hosts (and, on request, verified live with tcpdump and conntrack).
 * The CLI's `kubelab trace --target` sends the same request as the Trace panel.
 */
import { z } from 'zod';
import { parseTraceFrom, parseTraceTarget } from '../model/trace/spec';
import { Id } from '../model/workspace';

const TraceStep = z.object({
  kind: z.enum(['dns', 'netfilter', 'masquerade', 'routing', 'destination', 'reply', 'note']),
  host: z.string(),
  text: z.string(),
  lines: z.array(z.string()),
  endpoint: z.string().optional(),
});

const TraceEndpoint = z.object({
  ip: z.string(),
  port: z.number().int().nullable(),
  probability: z.number(),
  node: z.string().nullable(),
  egressInterface: z.string().nullable(),
  podInterface: z.string().nullable(),
  sourceAfterNat: z.string().nullable(),
});

/** A trace as `buildTrace` makes it (shared/model/trace/types.ts). */
export const Trace = z.object({
  from: z.string(),
  to: z.string(),
  steps: z.array(TraceStep),
  endpoints: z.array(TraceEndpoint),
  frontend: z
    .object({ ip: z.string(), port: z.number().int().nullable(), protocol: z.string() })
    .nullable(),
  origin: z
    .object({ host: z.string(), ip: z.string().nullable(), iif: z.string().nullable() })
    .nullable(),
  warnings: z.array(z.string()),
});

/** What verify live found (shared/model/trace/verify-check.ts). */
export const VerifyResult = z.object({
  request: z.object({
    command: z.string(),
    exitCode: z.number().int().nullable(),
    output: z.string(),
  }),
  endpoint: z.string().nullable(),
  conntrack: z.string().nullable(),
  checks: z.array(
    z.object({
      step: z.number().int(),
      status: z.enum(['seen', 'not-seen', 'not-exercised']),
      expected: z.string(),
      evidence: z.array(z.string()),
    }),
  ),
  captures: z.array(
    z.object({ host: z.string(), command: z.string(), packets: z.number(), ended: z.boolean() }),
  ),
  warnings: z.array(z.string()),
});

const From = z.string().refine((s) => typeof parseTraceFrom(s) !== 'string', {
  message: 'pod/NS/NAME, node/NAME or host/NAME',
});
const To = z.string().refine((s) => typeof parseTraceTarget(s) !== 'string', {
  message: 'SERVICE_NAME[:PORT], VIP:PORT or POD_IP[:PORT]',
});

/** The trace requests. */
export const traceRequests = {
  /** Builds the path now from the workspace's hosts; with `verify`, sends one request and checks it live. */
  'trace:run': {
    params: z
      .object({ workspaceId: Id, from: From, to: To, verify: z.boolean().optional() })
      .strict(),
    result: z.object({ trace: Trace, verify: VerifyResult.nullable() }),
  },
} as const;

/**
 * The VPC CNI's warm-pool settings, read from the aws-node DaemonSet's environment
 * (`kubectl get ds aws-node -n kube-system -o json` on the operator host).
 */
import { z } from 'zod';
import type { Parsed, ParseWarning } from '../parsers/parse-result';

/** How ipamd sizes its pool of free IPs on a node. */
export interface WarmPoolSettings {
  /** `WARM_ENI_TARGET`: spare ENIs' worth of free IPs to keep (default 1). */
  warmEniTarget: number;
  /** `WARM_IP_TARGET`: free IPs to keep; with MINIMUM_IP_TARGET it overrides the ENI target. */
  warmIpTarget?: number;
  /** `MINIMUM_IP_TARGET`: IPs to hold on the node in total, used or not. */
  minimumIpTarget?: number;
  /** `ENABLE_PREFIX_DELEGATION=true`: slots are /28 prefixes; the predictions here do not apply. */
  isPrefixDelegation: boolean;
  /** Where the values came from: the DaemonSet, or the CNI's defaults when it could not be read. */
  source: 'aws-node' | 'default';
}

/** The CNI's defaults: WARM_ENI_TARGET=1, no IP targets, no prefix delegation. */
export const DEFAULT_WARM_POOL: WarmPoolSettings = {
  warmEniTarget: 1,
  isPrefixDelegation: false,
  source: 'default',
};

/** Whether ipamd runs on IP targets (WARM_IP_TARGET or MINIMUM_IP_TARGET set and not 0). */
export function usesIpTargets(settings: WarmPoolSettings): boolean {
  return (settings.warmIpTarget ?? 0) > 0 || (settings.minimumIpTarget ?? 0) > 0;
}

const EnvVar = z.object({ name: z.string(), value: z.string().optional() }).loose();
const DaemonSet = z.object({
  kind: z.literal('DaemonSet'),
  spec: z.object({
    template: z.object({
      spec: z.object({
        containers: z.array(
          z.object({ name: z.string(), env: z.array(EnvVar).optional() }).loose(),
        ),
      }),
    }),
  }),
});

const NUMERIC = {
  WARM_ENI_TARGET: 'warmEniTarget',
  WARM_IP_TARGET: 'warmIpTarget',
  MINIMUM_IP_TARGET: 'minimumIpTarget',
} as const;

/**
 * Reads the warm-pool settings from `kubectl get ds aws-node -n kube-system -o json`: the env of
 * the `aws-node` container. Unset variables keep the CNI's defaults; a value that is not a
 * non-negative integer, or one taken from a ConfigMap (`valueFrom`), is a warning and keeps the
 * default. Input that is not that DaemonSet gives the defaults with a warning (`source: 'default'`).
 * Sample: `{"name":"WARM_ENI_TARGET","value":"1"}` → `{ warmEniTarget: 1, … }`.
 */
export function parseAwsNodeWarmPool(json: string): Parsed<WarmPoolSettings> {
  const warnings: ParseWarning[] = [];
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { value: DEFAULT_WARM_POOL, warnings: [{ line: 1, message: `not JSON: ${message}` }] };
  }
  const parsed = DaemonSet.safeParse(data);
  if (!parsed.success) {
    const message =
      'not the aws-node DaemonSet (kind DaemonSet with spec.template.spec.containers)';
    return { value: DEFAULT_WARM_POOL, warnings: [{ line: 1, message }] };
  }
  const containers = parsed.data.spec.template.spec.containers;
  const container = containers.find((c) => c.name === 'aws-node') ?? containers[0];
  const settings: WarmPoolSettings = { ...DEFAULT_WARM_POOL, source: 'aws-node' };
  for (const variable of container?.env ?? []) {
    const key = Object.hasOwn(NUMERIC, variable.name)
      ? NUMERIC[variable.name as keyof typeof NUMERIC]
      : undefined;
    if (variable.name === 'ENABLE_PREFIX_DELEGATION') {
      settings.isPrefixDelegation = variable.value?.trim().toLowerCase() === 'true';
      continue;
    }
    if (key === undefined) continue;
    const raw = variable.value;
    if (raw === undefined) {
      warnings.push({ line: 1, message: `${variable.name} has no literal value (valueFrom?)` });
      continue;
    }
    // The CNI treats an empty value as unset.
    if (raw.trim() === '') continue;
    if (!/^\d+$/.test(raw.trim())) {
      warnings.push({ line: 1, message: `${variable.name}=${raw} is not a non-negative integer` });
      continue;
    }
    settings[key] = Number(raw.trim());
  }
  return { value: settings, warnings };
}

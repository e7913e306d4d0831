import { quote } from 'shell-quote';
import {
  buildTrace,
  type NodeOutputs,
  type Trace,
  type TraceSource,
} from '../../shared/model/trace';
import type { TraceFrom, TraceTarget } from '../../shared/model/trace';
import { traceFromText } from '../../shared/model/trace';
import { parseIpAddrJson } from '../../shared/parsers/ip';
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import type { Host } from '../hosts/host';

/** How long one collection command may take. */
const COMMAND_TIMEOUT_MS = 15_000;

/** The hosts a trace reads, and how to run a command where the source is. */
export interface TraceContext {
  trace: Trace;
  /** The host the source is on (its node for pod/NS/NAME), its address when known. */
  sourceHost: Host;
  /** Runs a command as the source: in the pod (kubectl exec or its own host) or on the node. */
  runAsSource: (
    command: string,
    signal: AbortSignal,
  ) => Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
  sourceIp: string | undefined;
  nodes: Host[];
}

/** A command that errors becomes empty output and a warning; the trace says what it missed. */
async function run(
  host: Host,
  command: string,
  warnings: string[],
  what = command,
): Promise<string> {
  try {
    const r = await host.exec(command, { timeoutMs: COMMAND_TIMEOUT_MS });
    if (r.exitCode !== 0) {
      warnings.push(
        `${host.description.id}: ${what}: ${r.stderr.trim().split('\n')[0] || `exit ${r.exitCode ?? r.signal ?? '?'}`}`,
      );
      return r.exitCode === null ? '' : r.stdout;
    }
    return r.stdout;
  } catch (cause) {
    warnings.push(
      `${host.description.id}: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return '';
  }
}

async function readNodeOutputs(host: Host, warnings: string[]): Promise<NodeOutputs> {
  const [ipRule, ipRoute, ipAddrJson, iptablesNat, ipvsadm] = await Promise.all([
    run(host, 'ip rule', warnings),
    run(host, 'ip route show table all', warnings),
    run(host, 'ip -j addr', warnings),
    // nat rules need root; `sudo -n` fails at once instead of asking for a password.
    run(host, 'sudo -n iptables-save -t nat', warnings, 'iptables-save -t nat'),
    // IPVS mode only; a node without ipvsadm (iptables mode) is not a problem.
    run(host, 'sudo -n ipvsadm -Ln 2>/dev/null || true', []),
  ]);
  return { host: host.description.id, ipRule, ipRoute, ipAddrJson, iptablesNat, ipvsadm };
}

function findHost(hosts: readonly Host[], name: string): Host | undefined {
  return (
    hosts.find((h) => h.description.id === name) ?? hosts.find((h) => h.description.name === name)
  );
}

/** The first global IPv4 address of a host (a pod's eth0). */
function globalAddress(jsonText: string): string | undefined {
  for (const link of parseIpAddrJson(jsonText).value) {
    if (link.ifname === 'lo') continue;
    const a = link.addresses.find((x) => x.family === 'inet' && x.scope !== 'host');
    if (a !== undefined) return a.address;
  }
  return undefined;
}

/**
 * Collects the state of every node of the workspace (`ip rule`, `ip route show table all`,
 * `ip -j addr`, the nat table, `ipvsadm -Ln`), finds the source (a host, a node, or a pod through
 * kubectl on the operator host) and builds the trace. Throws only for a source that cannot be found.
 */
export async function collectTrace(
  hosts: readonly Host[],
  from: TraceFrom,
  target: TraceTarget,
): Promise<TraceContext> {
  const warnings: string[] = [];
  const nodes = hosts.filter((h) => h.description.role === 'node');
  const operator = hosts.find((h) => h.description.role === 'operator');
  const label = traceFromText(from);
  let source: TraceSource;
  let sourceHost: Host;
  let runAsSource: TraceContext['runAsSource'];
  let sourceIp: string | undefined;

  const podNames = new Map<string, string>();
  const podList = operator
    ? run(operator, 'kubectl get pods -A -o json', warnings).then((text) => {
        for (const p of parseKubectlJson(text).value.pods)
          for (const ip of p.podIPs)
            if (!p.hostNetwork) podNames.set(ip, `${p.namespace}/${p.name}`);
      })
    : Promise.resolve();

  if (from.kind === 'pod') {
    if (operator === undefined)
      throw new Error(`${label}: a pod is found with kubectl, and no host has the operator role`);
    const ns = quote([from.namespace]);
    const name = quote([from.name]);
    const json = await run(operator, `kubectl get pod -n ${ns} ${name} -o json`, warnings);
    const pod = parseKubectlJson(json).value.pods[0];
    if (pod?.podIP === undefined)
      throw new Error(`${label}: kubectl on ${operator.description.id} gave no pod IP`);
    sourceIp = pod.podIP;
    const conf = await run(
      operator,
      `kubectl exec -n ${ns} ${name} -- cat /etc/resolv.conf`,
      warnings,
    );
    source = { kind: 'pod', label, ip: pod.podIP, resolvConf: conf.trim() === '' ? null : conf };
    sourceHost = operator;
    runAsSource = (command, signal) =>
      operator.exec(`kubectl exec -n ${ns} ${name} -- sh -c ${quote([command])}`, {
        signal,
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
  } else {
    const host = findHost(hosts, from.name);
    if (host === undefined) throw new Error(`${label}: no such host in the workspace`);
    if (from.kind === 'node' && host.description.role !== 'node')
      throw new Error(`${label}: ${host.description.id} is not a node (use host/${from.name})`);
    sourceHost = host;
    runAsSource = (command, signal) =>
      host.exec(command, { signal, timeoutMs: COMMAND_TIMEOUT_MS });
    const conf = await run(host, 'cat /etc/resolv.conf', warnings);
    const resolvConf = conf.trim() === '' ? null : conf;
    if (host.description.role === 'node') {
      source = { kind: 'node', label, host: host.description.id, resolvConf };
    } else {
      sourceIp = globalAddress(await run(host, 'ip -j addr', warnings));
      if (sourceIp === undefined)
        throw new Error(`${label}: ${host.description.id} has no IPv4 address`);
      source = { kind: 'pod', label, ip: sourceIp, resolvConf };
    }
  }
  const outputs = await Promise.all(nodes.map((n) => readNodeOutputs(n, warnings)));
  await podList;
  const trace = buildTrace({ source, target, nodes: outputs, podNames });
  trace.warnings.unshift(...warnings);
  return { trace, sourceHost, runAsSource, sourceIp, nodes };
}

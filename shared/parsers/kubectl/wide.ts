import { isIpAddress } from '../../net/ipv4';
import { clip } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { cellValue, parseKubectlTable, type KubectlRow } from './table';

/** A pod row of `kubectl get pods [-A] -o wide`. */
export interface KubectlPodRow {
  namespace?: string;
  name: string;
  ready?: string;
  status?: string;
  restarts?: number;
  /** From `2 (3d4h ago)`: how long ago the last restart was. */
  lastRestartAgo?: string;
  age?: string;
  podIP?: string;
  nodeName?: string;
  nominatedNode?: string;
  readinessGates?: string;
  line: number;
  raw: string;
}

/** A node row of `kubectl get nodes -o wide`. */
export interface KubectlNodeRow {
  name: string;
  status?: string;
  roles?: string;
  age?: string;
  version?: string;
  internalIP?: string;
  externalIP?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntime?: string;
  line: number;
  raw: string;
}

/** A Service row of `kubectl get svc [-A] -o wide`. */
export interface KubectlServiceRow {
  namespace?: string;
  name: string;
  type?: string;
  clusterIP?: string;
  externalIPs: string[];
  /** From `PORT(S)` such as `80:30080/TCP,443/TCP`. */
  ports: { port: number; nodePort?: number; protocol: string }[];
  age?: string;
  selector: Record<string, string>;
  line: number;
  raw: string;
}

/** Sets the optional string fields of `target` from columns, skipping placeholders. */
function assignCells<T extends object>(target: T, row: KubectlRow, map: [keyof T, string][]): void {
  for (const [key, column] of map) {
    const v = cellValue(row, column);
    if (v !== undefined) (target as Record<keyof T, unknown>)[key] = v;
  }
}

function rowsWithName(text: string, what: string, warnings: WarningList): KubectlRow[] {
  const parsed = parseKubectlTable(text);
  warnings.items.push(...parsed.warnings);
  const rows: KubectlRow[] = [];
  for (const table of parsed.value) {
    if (!table.columns.includes('NAME'))
      warnings.add(table.line, `not a ${what} table: no NAME column`);
    else rows.push(...table.rows);
  }
  return rows;
}

/**
 * Parses `kubectl get pods [-A] -o wide` (and the narrower table without `-o wide`).
 *
 * Sample row: `kube-system   coredns-585d4c556b-47scf   1/1   Running   0   6h50m   172.31.20.89
 * ip-172-31-23-106.ap-southeast-2.compute.internal   <none>   <none>`
 * → `{ namespace: 'kube-system', name: 'coredns-585d4c556b-47scf', ready: '1/1', status: 'Running',
 * restarts: 0, age: '6h50m', podIP: '172.31.20.89', nodeName: 'ip-172-31-23-106…' }`.
 * Output: one {@link KubectlPodRow} per row; `<none>` cells are absent.
 */
export function parseKubectlPodsWide(text: string): Parsed<KubectlPodRow[]> {
  const warnings = new WarningList();
  const pods: KubectlPodRow[] = [];
  for (const row of rowsWithName(text, 'pods', warnings)) {
    const name = cellValue(row, 'NAME');
    if (name === undefined) continue;
    const pod: KubectlPodRow = { name, line: row.line, raw: row.raw };
    assignCells(pod, row, [
      ['namespace', 'NAMESPACE'],
      ['ready', 'READY'],
      ['status', 'STATUS'],
      ['age', 'AGE'],
      ['nodeName', 'NODE'],
      ['nominatedNode', 'NOMINATED NODE'],
      ['readinessGates', 'READINESS GATES'],
    ]);
    const restarts = cellValue(row, 'RESTARTS');
    const r = restarts === undefined ? null : /^(\d+)(?: \((.+) ago\))?$/.exec(restarts);
    if (r?.[1] !== undefined) {
      pod.restarts = Number(r[1]);
      if (r[2] !== undefined) pod.lastRestartAgo = r[2];
    } else if (restarts !== undefined)
      warnings.add(row.line, `RESTARTS "${clip(restarts, 40)}" is not a count`, clip(row.raw));
    const ip = cellValue(row, 'IP');
    if (ip !== undefined && isIpAddress(ip)) pod.podIP = ip;
    else if (ip !== undefined)
      warnings.add(row.line, `IP "${clip(ip, 40)}" is not an address`, clip(row.raw));
    pods.push(pod);
  }
  return { value: pods, warnings: warnings.items };
}

/**
 * Parses `kubectl get nodes -o wide`; `OS-IMAGE` may hold spaces.
 *
 * Sample row: `ip-192-168-4-12.ec2.internal   Ready   <none>   2d   v1.31.4-eks-aeac579   192.168.4.12
 * <none>   Amazon Linux 2023.6.20250123   6.1.124-134.200.amzn2023.x86_64   containerd://1.7.25`
 * → `{ name: 'ip-192-168-4-12.ec2.internal', status: 'Ready', internalIP: '192.168.4.12',
 * osImage: 'Amazon Linux 2023.6.20250123', … }`.
 */
export function parseKubectlNodesWide(text: string): Parsed<KubectlNodeRow[]> {
  const warnings = new WarningList();
  const nodes: KubectlNodeRow[] = [];
  for (const row of rowsWithName(text, 'nodes', warnings)) {
    const name = cellValue(row, 'NAME');
    if (name === undefined) continue;
    const node: KubectlNodeRow = { name, line: row.line, raw: row.raw };
    assignCells(node, row, [
      ['status', 'STATUS'],
      ['roles', 'ROLES'],
      ['age', 'AGE'],
      ['version', 'VERSION'],
      ['internalIP', 'INTERNAL-IP'],
      ['externalIP', 'EXTERNAL-IP'],
      ['osImage', 'OS-IMAGE'],
      ['kernelVersion', 'KERNEL-VERSION'],
      ['containerRuntime', 'CONTAINER-RUNTIME'],
    ]);
    nodes.push(node);
  }
  return { value: nodes, warnings: warnings.items };
}

/**
 * Parses `kubectl get svc [-A] [-o wide]`.
 *
 * Sample row: `kube-system   kube-dns   ClusterIP   10.100.0.10   <none>   53/UDP,53/TCP,9153/TCP   7h
 * k8s-app=kube-dns` → `{ namespace: 'kube-system', name: 'kube-dns', type: 'ClusterIP',
 * clusterIP: '10.100.0.10', ports: [{ port: 53, protocol: 'UDP' }, …], selector: { 'k8s-app': 'kube-dns' } }`.
 */
export function parseKubectlServicesWide(text: string): Parsed<KubectlServiceRow[]> {
  const warnings = new WarningList();
  const services: KubectlServiceRow[] = [];
  for (const row of rowsWithName(text, 'services', warnings)) {
    const name = cellValue(row, 'NAME');
    if (name === undefined) continue;
    const selector = Object.create(null) as Record<string, string>;
    const svc: KubectlServiceRow = {
      name,
      externalIPs: [],
      ports: [],
      selector,
      line: row.line,
      raw: row.raw,
    };
    assignCells(svc, row, [
      ['namespace', 'NAMESPACE'],
      ['type', 'TYPE'],
      ['clusterIP', 'CLUSTER-IP'],
      ['age', 'AGE'],
    ]);
    const external = cellValue(row, 'EXTERNAL-IP');
    if (external !== undefined && external !== '<pending>') svc.externalIPs = external.split(',');
    for (const spec of (cellValue(row, 'PORT(S)') ?? '').split(',').filter((p) => p !== '')) {
      const m = /^(\d{1,5})(?::(\d{1,5}))?\/([A-Z]+)$/.exec(spec);
      if (m?.[1] === undefined || m[3] === undefined) {
        warnings.add(
          row.line,
          `port "${clip(spec, 40)}" is not <port>[:<nodePort>]/<protocol>`,
          clip(row.raw),
        );
        continue;
      }
      svc.ports.push(
        m[2] === undefined
          ? { port: Number(m[1]), protocol: m[3] }
          : { port: Number(m[1]), nodePort: Number(m[2]), protocol: m[3] },
      );
    }
    for (const pair of (cellValue(row, 'SELECTOR') ?? '').split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq > 0) svc.selector[pair.slice(0, eq)] = pair.slice(eq + 1);
      else warnings.add(row.line, `selector "${clip(pair, 40)}" is not key=value`, clip(row.raw));
    }
    services.push(svc);
  }
  return { value: services, warnings: warnings.items };
}

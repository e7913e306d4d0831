/**
 * A seeded AWS VPC CNI node in real network namespaces: ens5/ens6 to a "vpc" router, pods
 * behind `eni…` veths with /32 routes and the 512/1024/1536 policy rules, and kube-proxy's nat
 * rules (one KUBE-SVC re-weighted by hand to 0.2 / 0.5 / rest) loaded with the real
 * iptables-restore. Real HTTP requests from the node to each ClusterIP and the NodePort must land
 * on an endpoint pod (and show up in conntrack -L as that DNAT); the kernel must route pod
 * traffic out of the pod's own ENI; and what the real tools print (iptables-save, ip rule, ip route
 * show table all, ip -j addr) must read back through our parsers as exactly the topology built.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServices, type ServiceRow } from '../../electron/cli/services';
import { findChain, getTable } from '../../electron/demo/kube-proxy';
import { servicesFromIptables } from '../../shared/model/kube-proxy';
import { parseConntrack } from '../../shared/parsers/conntrack';
import { parseIpAddrJson, parseIpRoute, parseIpRule } from '../../shared/parsers/ip';
import { parseIptables } from '../../shared/parsers/iptables';
import { requireCapability } from '../support/require-capability';
import { buildLab, type Lab } from './vpc-cni/lab';
import { CLIENT } from './vpc-cni/plumbing';
import {
  WEIGHTED_SHARES,
  buildTopology,
  servicePortName,
  type LabTopology,
} from './vpc-cni/topology';
import { destroyAllNetns, netnsCapability } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables (root)',
  capability.available,
  capability.hint,
);

const SEEDS = [1, 20260323, 777] as const;

/** Endpoints (ip:port) in KUBE-SVC rule order, from the loaded ruleset's chain origins. */
function endpointOrder(lab: Lab, name: string): string[] {
  const nat = getTable(lab.ruleset, 'nat');
  const svc = nat?.chains.find(
    (c) =>
      c.origin?.kind === 'service' && c.origin.role === 'SVC' && c.origin.servicePortName === name,
  );
  if (svc === undefined) throw new Error(`no KUBE-SVC chain for ${name}`);
  return svc.rules.map((r) => {
    const target = r.target?.kind === 'jump' ? r.target.chain : '';
    const sep = findChain(nat, target);
    if (sep?.origin?.kind !== 'endpoint') throw new Error(`${target} is not a KUBE-SEP chain`);
    return sep.origin.endpoint;
  });
}

describe.skipIf(!canRun)('VPC CNI node lab (real namespaces, iptables, iproute2)', () => {
  afterAll(() => {
    destroyAllNetns();
  });

  for (const seed of SEEDS) {
    describe(`seed ${seed}`, () => {
      const topology: LabTopology = buildTopology(seed);
      let lab: Lab;

      beforeAll(async () => {
        lab = await buildLab(topology);
      });
      afterAll(() => {
        destroyAllNetns();
      });

      it('requests from the node to every ClusterIP and the NodePort land on an endpoint pod, as conntrack shows', () => {
        const urls: string[] = [];
        const allowed: string[][] = [];
        for (const sp of topology.input.servicePorts) {
          const endpoints = sp.endpoints.map((e) => `${e.ip}:${e.port}`);
          for (let i = 0; i < 2; i += 1) {
            urls.push(`http://${sp.clusterIP}:${sp.port}/`);
            allowed.push(endpoints);
          }
          if (sp.nodePort !== undefined) {
            urls.push(`http://${topology.primary.ip}:${sp.nodePort}/`);
            allowed.push(endpoints);
          }
        }
        const answers = JSON.parse(
          lab.node.run(process.execPath, ['-e', CLIENT, ...urls]),
        ) as string[];
        expect(answers).toHaveLength(urls.length);
        answers.forEach((answer, i) => {
          expect(allowed[i], `${urls[i]} answered by ${answer}`).toContain(answer);
        });

        // Every answer is in the kernel's conntrack table as VIP → pod DNAT, and reads back so.
        const { value: entries, warnings } = parseConntrack(
          lab.node.run('conntrack', ['-L', '-p', 'tcp']),
        );
        expect(warnings).toEqual([]);
        const seen = new Set(
          entries.map(
            (e) =>
              `${e.original.dst}:${e.original.dport ?? ''} ${e.reply.src}:${e.reply.sport ?? ''}`,
          ),
        );
        answers.forEach((answer, i) => {
          // The frontend dialled, as `ip:port` (URL drops an explicit :80).
          const frontend = /^http:\/\/([^/]+)\//.exec(urls[i] ?? '')?.[1] ?? '';
          expect(seen, `${frontend} → ${answer}`).toContain(`${frontend} ${answer}`);
        });
      });

      it('iptables-save reads back as every Service with its endpoints and shares', () => {
        const save = lab.node.run('iptables-save', []);
        const parsed = parseIptables(save);
        expect(parsed.warnings).toEqual([]);
        const { value: services, warnings } = servicesFromIptables(parsed.value);
        expect(warnings).toEqual([]);
        expect(services).toHaveLength(topology.input.servicePorts.length);
        for (const sp of topology.input.servicePorts) {
          const name = servicePortName(sp);
          const found = services.filter(
            (s) => s.namespace === sp.namespace && s.name === sp.name && s.portName === sp.portName,
          );
          expect(found, name).toHaveLength(1);
          const s = found[0];
          if (s === undefined) continue;
          expect(s.clusterIP, name).toBe(sp.clusterIP);
          expect(s.port, name).toBe(sp.port);
          expect(s.protocol, name).toBe('tcp');
          expect(s.nodePort, name).toBe(sp.nodePort ?? null);
          const order = endpointOrder(lab, name);
          expect(
            s.endpoints.map((e) => `${e.ip}:${e.port}`),
            name,
          ).toEqual(order);
          expect([...order].sort()).toEqual(sp.endpoints.map((e) => `${e.ip}:${e.port}`).sort());
          const shares =
            name === topology.weighted ? WEIGHTED_SHARES : order.map(() => 1 / order.length);
          s.endpoints.forEach((e, k) => {
            expect(Math.abs(e.probability - (shares[k] ?? NaN)), `${name} #${k}`).toBeLessThan(
              1e-9,
            );
          });
          if (name === topology.weighted) expect(s.svcChain).toBe(lab.weightedChain);
        }
      });

      it('kubelab services --from iptables-save --json reads the real dump the same way', async () => {
        const save = lab.node.run('iptables-save', ['-c']);
        const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-vpc-cni-'));
        const file = path.join(dir, 'iptables-save.txt');
        try {
          writeFileSync(file, save);
          let stdout = '';
          let stderr = '';
          const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
          expect(await runServices('iptables-save', file, true, io)).toBe(0);
          expect(stderr).toBe('');
          const rows = JSON.parse(stdout) as ServiceRow[];
          const key = (r: { namespace: string; name: string; portName: string }): string =>
            `${r.namespace}/${r.name}:${r.portName}`;
          const want = topology.input.servicePorts
            .map((sp) => ({
              key: key(sp),
              clusterIP: sp.clusterIP,
              port: sp.port,
              nodePort: sp.nodePort ?? null,
              endpoints: [...sp.endpoints.map((e) => `${e.ip}:${e.port}`)].sort(),
            }))
            .sort((a, b) => a.key.localeCompare(b.key));
          const got = rows
            .map((r) => ({
              key: key(r),
              clusterIP: r.clusterIP,
              port: r.port,
              nodePort: r.nodePort,
              endpoints: r.endpoints.map((e) => `${e.ip ?? ''}:${e.port ?? ''}`).sort(),
            }))
            .sort((a, b) => a.key.localeCompare(b.key));
          expect(got).toEqual(want);
          const weighted = rows.find((r) => servicePortName(r) === topology.weighted);
          weighted?.endpoints.forEach((e, k) => {
            expect(Math.abs(e.probability - (WEIGHTED_SHARES[k] ?? NaN))).toBeLessThan(1e-9);
          });
          expect(weighted).toBeDefined();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it("the kernel's policy routing sends each pod's traffic out of its own ENI", () => {
        for (const pod of topology.pods) {
          const eni = pod.onSecondary ? topology.secondary : topology.primary;
          const argv = ['-j', 'route', 'get', '203.0.113.9', 'from', pod.ip, 'iif', pod.eni];
          const [out] = JSON.parse(lab.node.run('ip', argv)) as {
            dev?: string;
            gateway?: string;
          }[];
          expect(out, `${pod.name} ${pod.ip}`).toMatchObject({
            dev: eni.dev,
            gateway: eni.gateway,
          });
          // Rule 512 keeps pod-to-pod traffic on the node even from a secondary-ENI pod, whose
          // rule 1536 would otherwise send it to table N's default route.
          const from = topology.pods.find((p) => p.onSecondary && p !== pod);
          if (from === undefined) continue;
          const back = ['-j', 'route', 'get', pod.ip, 'from', from.ip, 'iif', from.eni];
          const [inbound] = JSON.parse(lab.node.run('ip', back)) as { dev?: string }[];
          expect(inbound?.dev, `${from.ip} → ${pod.ip}`).toBe(pod.eni);
        }
      });

      it('ip rule reads back as every 512 / 1024 / 1536 rule', () => {
        const { value: rules, warnings } = parseIpRule(lab.node.run('ip', ['rule']));
        expect(warnings).toEqual([]);
        const got = rules
          .filter((r) => [512, 1024, 1536].includes(r.priority))
          .map((r) =>
            [r.priority, r.from ?? 'all', r.to ?? 'all', r.fwmark ?? '-', r.table].join(' '),
          )
          .sort();
        const want = [
          '1024 all all 0x80/0x80 main',
          ...topology.pods.map((p) => `512 all ${p.ip} - main`),
          ...topology.pods
            .filter((p) => p.onSecondary)
            .map((p) => `1536 ${p.ip} all - ${topology.secondary.table}`),
        ].sort();
        expect(got).toEqual(want);
      });

      it('ip route show table all reads back as every pod route and table N default', () => {
        const text = lab.node.run('ip', ['route', 'show', 'table', 'all']);
        const { value: routes, warnings } = parseIpRoute(text);
        expect(warnings).toEqual([]);
        for (const pod of topology.pods) {
          const r = routes.filter((x) => x.table === 'main' && x.dst === pod.ip);
          expect(r, pod.ip).toHaveLength(1);
          expect(r[0]).toMatchObject({ dev: pod.eni, scope: 'link' });
        }
        const table = String(topology.secondary.table);
        expect(routes.filter((x) => x.table === table)).toEqual([
          expect.objectContaining({ dst: 'default', via: topology.secondary.gateway, dev: 'ens6' }),
        ]);
        expect(routes.find((x) => x.table === 'main' && x.dst === 'default')).toMatchObject({
          via: topology.primary.gateway,
          dev: 'ens5',
        });
      });

      it('ip -j addr reads back as ens5, ens6 and every eni veth with its peer ifindex', () => {
        const { value: links, warnings } = parseIpAddrJson(lab.node.run('ip', ['-j', 'addr']));
        expect(warnings).toEqual([]);
        for (const eni of [topology.primary, topology.secondary]) {
          const link = links.find((l) => l.ifname === eni.dev);
          expect(
            link?.addresses
              .filter((a) => a.family === 'inet')
              .map((a) => `${a.address}/${a.prefixlen}`),
            eni.dev,
          ).toEqual([`${eni.ip}/${eni.prefix}`]);
        }
        for (const pod of topology.pods) {
          const ns = lab.pods.get(pod.name);
          const [eth0] = JSON.parse(ns?.run('ip', ['-j', 'link', 'show', 'eth0']) ?? '[]') as {
            ifindex: number;
          }[];
          const link = links.find((l) => l.ifname === pod.eni);
          expect(link, pod.eni).toBeDefined();
          expect(link?.peerIfindex, pod.eni).toBe(eth0?.ifindex);
          expect(link?.state).toBe('UP');
        }
        expect(links.filter((l) => l.ifname.startsWith('eni'))).toHaveLength(topology.pods.length);
      });
    });
  }
});

/**
 * `kubelab trace` on the two-node VPC CNI lab (real namespaces, iptables-restore, iproute2): for
 * every Service and sources on the primary and the secondary ENI, the trace's endpoints and
 * shares equal the Service model's, each endpoint's node is the one that hosts it, and the egress
 * interface is the one the kernel itself picks (`ip route get EP from SRC iif VETH`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTrace } from '../../electron/trace/collect';
import { servicesFromIptables } from '../../shared/model/kube-proxy';
import { parseIptables } from '../../shared/parsers/iptables';
import { requireCapability } from '../support/require-capability';
import { destroyAllNetns, netnsCapability } from './netns';
import {
  buildTwoNodeLab,
  KUBE_DNS_VIP,
  removeResolvConfs,
  type TwoNodeLab,
} from './trace/two-node-lab';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces (root)',
  capability.available,
  capability.hint,
);

const SEEDS = [5, 20261123] as const;

describe.skipIf(!canRun)('kubelab trace on the two-node lab', () => {
  afterAll(() => {
    destroyAllNetns();
    removeResolvConfs();
  });

  for (const seed of SEEDS) {
    describe(`seed ${seed}`, () => {
      let t: TwoNodeLab;
      beforeAll(async () => {
        t = await buildTwoNodeLab(seed);
      });
      afterAll(() => {
        destroyAllNetns();
      });

      /** The kernel's answer for a packet arriving from `src` on `iif` (or locally sent). */
      const kernelDev = (dst: string, src?: string, iif?: string): string | undefined => {
        const argv = ['-j', 'route', 'get', dst, ...(src ? ['from', src, 'iif', iif ?? ''] : [])];
        const [r] = JSON.parse(t.lab.node.run('ip', argv)) as { dev?: string }[];
        return r?.dev;
      };

      it('endpoints, shares, nodes and egress interfaces match the Service model and the kernel', async () => {
        const services = servicesFromIptables(
          parseIptables(t.lab.node.run('iptables-save', ['-t', 'nat'])).value,
        ).value.filter((s) => s.protocol === 'tcp');
        expect(services.length).toBe(t.topology.input.servicePorts.length - 1);
        const local = new Set(t.topology.pods.map((p) => p.ip));
        const remote = new Set(t.remotePods.map((p) => p.ip));
        const sources = [
          t.topology.pods.find((p) => !p.onSecondary),
          t.topology.pods.find((p) => p.onSecondary),
        ];
        let remoteSeen = 0;
        let secondaryRemote = 0;
        for (const source of sources) {
          if (source === undefined) throw new Error('the lab has a pod on each ENI');
          for (const s of services) {
            const { trace } = await collectTrace(
              t.hosts,
              { kind: 'host', name: source.name },
              { kind: 'address', ip: s.clusterIP, port: s.port },
            );
            const what = `${source.name} → ${s.namespace}/${s.name}`;
            expect(trace.warnings, what).toEqual([]);
            expect(
              trace.endpoints.map((e) => [e.ip, e.port, e.probability.toFixed(12)]),
              what,
            ).toEqual(s.endpoints.map((e) => [e.ip, e.port, e.probability.toFixed(12)]));
            for (const e of trace.endpoints) {
              expect(e.node, `${what} ${e.ip}`).toBe(local.has(e.ip) ? 'node-a' : 'node-b');
              expect(e.egressInterface, `${what} ${e.ip}`).toBe(
                kernelDev(e.ip, source.ip, source.eni),
              );
              if (local.has(e.ip)) {
                expect(e.egressInterface).toBe(t.topology.pods.find((p) => p.ip === e.ip)?.eni);
              } else {
                expect(remote.has(e.ip)).toBe(true);
                expect(e.egressInterface).toBe(source.onSecondary ? 'ens6' : 'ens5');
                remoteSeen += 1;
                if (source.onSecondary) secondaryRemote += 1;
              }
            }
            // Every step cites lines, verbatim from what the hosts printed.
            for (const step of trace.steps.filter((x) => x.kind !== 'note'))
              expect(step.lines.length, `${what} ${step.kind} ${step.text}`).toBeGreaterThan(0);
          }
        }
        expect(remoteSeen).toBeGreaterThan(0);
        expect(secondaryRemote).toBeGreaterThan(0);
      });

      it('a node as the source leaves by the interface the kernel picks for locally sent packets', async () => {
        const s = t.topology.input.servicePorts[1];
        if (s === undefined) throw new Error('no Service 1');
        const { trace } = await collectTrace(
          t.hosts,
          { kind: 'node', name: 'node-a' },
          { kind: 'address', ip: s.clusterIP, port: s.port },
        );
        expect(trace.endpoints).toHaveLength(s.endpoints.length);
        for (const e of trace.endpoints) expect(e.egressInterface, e.ip).toBe(kernelDev(e.ip));
      });

      it("a pod IP without a Service is routed as it is: one endpoint, the kernel's egress", async () => {
        const source = t.topology.pods.find((p) => p.onSecondary);
        const [far] = t.remotePods;
        const near = t.topology.pods.find((p) => p !== source);
        if (source === undefined || far === undefined || near === undefined)
          throw new Error('lab shape');
        for (const dst of [far.ip, near.ip]) {
          const { trace } = await collectTrace(
            t.hosts,
            { kind: 'host', name: source.name },
            { kind: 'address', ip: dst, port: 8001 },
          );
          expect(trace.warnings).toEqual([]);
          expect(trace.steps.find((x) => x.kind === 'netfilter')?.text).toContain('no DNAT');
          expect(trace.endpoints).toEqual([
            {
              ip: dst,
              port: 8001,
              probability: 1,
              node: dst === far.ip ? 'node-b' : 'node-a',
              egressInterface: kernelDev(dst, source.ip, source.eni),
              podInterface: dst === far.ip ? far.eni : near.eni,
              sourceAfterNat: source.ip,
            },
          ]);
        }
      });

      it('a pod sent to itself through its Service (hairpin) is masqueraded to the node address', async () => {
        const s = t.topology.input.servicePorts[1];
        const self = t.topology.pods.find((p) => s?.endpoints.some((e) => e.ip === p.ip));
        if (s === undefined || self === undefined) throw new Error('lab shape');
        const { trace } = await collectTrace(
          t.hosts,
          { kind: 'host', name: self.name },
          { kind: 'address', ip: s.clusterIP, port: s.port },
        );
        const mine = trace.endpoints.find((e) => e.ip === self.ip);
        expect(mine?.sourceAfterNat).toBe(t.topology.primary.ip);
        const others = trace.endpoints.filter((e) => e.ip !== self.ip);
        for (const e of others) expect(e.sourceAfterNat).toBe(self.ip);
        const masq = trace.steps.find(
          (x) => x.kind === 'masquerade' && x.endpoint === `${self.ip}:${mine?.port ?? ''}`,
        );
        expect(masq?.lines[0]).toMatch(
          new RegExp(`^-A KUBE-SEP-\\S+ -s ${self.ip}/32 .*-j KUBE-MARK-MASQ$`),
        );
      });

      it('a name is resolved through the pod resolv.conf: NXDOMAIN queries first, then the VIP, and kube-dns own DNAT', async () => {
        const s = t.topology.input.servicePorts[1];
        const source = t.topology.pods[0];
        if (s === undefined || source === undefined) throw new Error('no Service 1');
        const { trace } = await collectTrace(
          t.hosts,
          { kind: 'host', name: source.name },
          { kind: 'name', name: `${s.name}.${s.namespace}`, port: null },
        );
        expect(trace.warnings).toEqual([]);
        if (process.env.TRACE_DUMP) console.log(JSON.stringify(trace, null, 1));
        const dns = trace.steps.filter((x) => x.kind === 'dns');
        expect(dns[0]?.lines).toEqual([
          'search default.svc.cluster.local svc.cluster.local cluster.local',
          `nameserver ${KUBE_DNS_VIP}`,
          'options ndots:5',
          `A? ${s.name}.${s.namespace}.default.svc.cluster.local. → NXDOMAIN`,
          `A? ${s.name}.${s.namespace}.svc.cluster.local. → ${s.clusterIP}`,
        ]);
        expect(dns[1]?.text).toContain(`kube-dns ${KUBE_DNS_VIP}:53/udp`);
        expect(
          dns[1]?.lines.some((l) => l.includes('--dport 53') && l.includes(KUBE_DNS_VIP)),
        ).toBe(true);
        expect(trace.frontend).toEqual({ ip: s.clusterIP, port: s.port, protocol: 'tcp' });
        expect(trace.endpoints.map((e) => e.ip).sort()).toEqual(
          s.endpoints.map((e) => e.ip).sort(),
        );
      });
    });
  }
});

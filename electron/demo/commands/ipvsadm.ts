/**
 * `ipvsadm` and `ipset` on a demo node. In IPVS mode they show the virtual servers and ipsets
 * kube-proxy programs from the cluster's Services and endpoints; in iptables mode the IPVS table
 * is empty and there are no sets, as on a node where kube-proxy never used IPVS.
 */
import { ipvsNodeView, withProxyMode } from '../kube-proxy/ipvs-node';
import { renderIpsetList } from '../kube-proxy/ipsets';
import { runIpvsadm } from '../kube-proxy/run-ipvsadm';
import type { Ruleset } from '../kube-proxy';
import type { Command } from '../shell/run';
import { clusterOf, instanceOf, nowOf, printing, type HostContext } from './context';
import { kubeProxyInput, type NodeNetfilter } from './iptables';

function view(host: HostContext) {
  const cluster = clusterOf(host);
  const input = withProxyMode(kubeProxyInput(cluster, instanceOf(host), nowOf(host)), cluster);
  return ipvsNodeView(host.store, host.hostId, input);
}

export function ipvsadmCommand(host: HostContext): Command {
  return printing((ctx) => {
    const v = view(host);
    const r = runIpvsadm(ctx.argv, {
      servers: v.servers,
      state: v.state,
      now: nowOf(host),
      isRoot: ctx.isRoot,
    });
    return { stdout: r.stdout, stderr: r.stderr, status: r.exitCode };
  });
}

/** How many iptables rules use each set (`References:` in `ipset list`). */
function setReferences(ruleset: Ruleset): Map<string, number> {
  const refs = new Map<string, number>();
  for (const table of ruleset.tables)
    for (const chain of table.chains)
      for (const rule of chain.rules)
        for (const m of rule.matches)
          if (m.kind === 'set') refs.set(m.name, (refs.get(m.name) ?? 0) + 1);
  return refs;
}

const IPSET_VERSION = 'ipset v7.19';

export function ipsetCommand(host: HostContext, netfilter: NodeNetfilter): Command {
  return printing((ctx) => {
    const [verb, ...rest] = ctx.argv.slice(1);
    if (verb === '-v' || verb === 'version' || verb === '--version')
      return { stdout: `${IPSET_VERSION}, protocol version: 7\n`, status: 0 };
    if (verb !== 'list' && verb !== '-L' && verb !== '-l' && verb !== 'save')
      return {
        stderr: `${IPSET_VERSION}: kubelab demo lab: only "ipset list [NAME]" is simulated\nTry \`ipset help' for more information.\n`,
        status: 1,
      };
    if (!ctx.isRoot)
      return {
        stderr: `${IPSET_VERSION}: Kernel error received: Operation not permitted\n`,
        status: 1,
      };
    const names = rest.filter((a) => !a.startsWith('-'));
    const isNamesOnly = rest.includes('-n') || rest.includes('-name');
    const v = view(host);
    if (isNamesOnly) return { stdout: v.ipsets.map((s) => `${s.name}\n`).join(''), status: 0 };
    const text = renderIpsetList(v.ipsets, setReferences(netfilter.ruleset()), names[0]);
    if (text === undefined) {
      return names[0] === undefined
        ? { status: 0 }
        : {
            stderr: `${IPSET_VERSION}: The set with the given name does not exist\n`,
            status: 1,
          };
    }
    return { stdout: text, status: 0 };
  });
}

/**
 * `kubectl exec POD -- curl …|wget …` on the demo: the name is looked up through kube-dns
 * (commands/pod-dns.ts), the request leaves the pod's veth on its node, passes that node's
 * kube-proxy rules (iptables DNAT or IPVS, counters and all) and is answered by the Service's pods
 * (nginx serves its welcome page). `nslookup`/`dig` where the image has them, `cat
 * /etc/resolv.conf` prints what kubelet writes; other commands are not simulated.
 */
import { packetSinkOf } from '../kube-proxy/node-registry';
import { isIPv4, nthIp } from '../model/ipv4';
import type { Cluster, Pod } from '../model/types';
import { formatResolvConf, podResolvConf } from '../net/dns';
import { resolveTarget } from '../net/reach';
import { NGINX_PAGE } from '../render/http-bodies';
import { sendFromPod } from '../traffic/send';
import { imageHas, notInImage, podDnsTool, resolveInPod } from './pod-dns';
import { podNetCommand } from './pod-net';
import { writeOut } from './write-out';
import { clusterOf, fail, nowOf, type HostContext, type Printed } from './context';

interface Fetch {
  url: URL;
  silent: boolean;
  showError: boolean;
  discard: boolean;
  writeOut?: string;
  /** wget -q -O-: prints the body only. */
  isWget: boolean;
}

function parseFetch(command: readonly string[]): Fetch | string {
  const [program, ...args] = command;
  const isWget = program === 'wget';
  const f = { silent: false, showError: false, discard: false, isWget } as Omit<Fetch, 'url'>;
  let target: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] ?? '';
    if (a === '-m' || a === '--max-time' || a === '--connect-timeout' || a === '-T') i += 1;
    else if (a === '-o' || a === '-O' || a === '--output') f.discard = args[++i] === '/dev/null';
    else if (a === '-w' || a === '--write-out') f.writeOut = args[++i] ?? '';
    else if (/^-[sSqfL]+$/.test(a) || a === '-qO-') {
      f.silent ||= a.includes('s') || a.includes('q');
      f.showError ||= a.includes('S');
    } else if (a === '--silent' || a === '--quiet') f.silent = true;
    else if (!a.startsWith('-')) target = a;
  }
  if (target === undefined) return `${program ?? 'curl'}: no URL specified!`;
  try {
    return { ...f, url: new URL(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`) };
  } catch {
    return `${program ?? 'curl'}: (3) URL rejected: Malformed input to a URL function`;
  }
}

/** What `curl -s -o /dev/null -w '%{http_code}'` and friends print, and the exit code. */
function respond(f: Fetch, status: number, body: string, remoteIp: string): Printed {
  if (f.writeOut !== undefined) {
    const remotePort = Number(f.url.port || (f.url.protocol === 'https:' ? 443 : 80));
    const written = writeOut(f.writeOut, { status, remoteIp, remotePort, seconds: 0.0021 });
    return { stdout: (f.discard ? '' : body) + written, status: 0 };
  }
  return { stdout: f.discard ? '' : body, status: 0 };
}

function failure(f: Fetch, code: number, message: string): Printed {
  const said = f.isWget ? `wget: ${message}\n` : `curl: (${code}) ${message}\n`;
  const stderr =
    (!f.silent || f.showError ? said : '') + `command terminated with exit code ${code}\n`;
  return {
    ...(f.writeOut?.includes('%{http_code}') ? { stdout: '000' } : {}),
    stderr,
    status: code,
  };
}

/** Runs `command` in the pod; answers as kubectl exec would. */
export function podExec(
  host: HostContext,
  namespace: string,
  podName: string | undefined,
  command: readonly string[],
): Printed {
  if (podName === undefined)
    return fail(
      "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\n",
    );
  const cluster = clusterOf(host);
  const now = nowOf(host);
  const name = podName.replace(/^(pod|pods|po)\//, '');
  const pod = cluster.pods.find(
    (p) => p.namespace === namespace && p.name === name && p.createdAt <= now,
  );
  if (pod === undefined) return fail(`Error from server (NotFound): pods "${name}" not found\n`);
  if (command.length === 0)
    return fail('error: you must specify at least one command for the container\n');
  const node = cluster.instances.find((i) => i.hostId === pod.hostId);
  if (node === undefined || pod.readyAt > now)
    return fail(
      `error: unable to upgrade connection: container not found ("${pod.containers[0]?.name ?? ''}")\n`,
    );
  const program = command[0] ?? '';
  if (program === 'cat' && command[1] === '/etc/resolv.conf' && command.length === 2)
    return { stdout: resolvConf(cluster, pod), status: 0 };
  const netView = podNetCommand(cluster, pod, command);
  if (netView) return netView;
  const dnsTool = podDnsTool(host, pod, command);
  if (dnsTool) return dnsTool;
  if (program !== 'curl' && program !== 'wget')
    return fail(
      `error: kubelab demo lab: only curl, wget, nslookup and dig run inside demo pods (got "${program}")\ncommand terminated with exit code 126\n`,
      126,
    );
  if (!imageHas(pod, program)) return notInImage(program);
  const f = parseFetch(command);
  if (typeof f === 'string') return fail(`${f}\ncommand terminated with exit code 2\n`, 2);
  const hostname = f.url.hostname;
  const ip = isIPv4(hostname) ? hostname : resolveInPod(host, pod, hostname);
  if (ip === undefined) return failure(f, 6, `Could not resolve host: ${hostname}`);
  const port = Number(f.url.port || (f.url.protocol === 'https:' ? 443 : 80));
  const target = resolveTarget(cluster, node, ip, now);
  // The connection's first packet, from the pod's veth (or the node itself for host-network pods).
  packetSinkOf(host.store, node.hostId)?.observe({
    src: pod.hostNetwork ? node.privateIp : (pod.network?.ip ?? node.privateIp),
    dst: ip,
    protocol: 'tcp',
    dport: port,
    length: 60,
    ...(pod.hostNetwork || !pod.network ? {} : { fromVeth: pod.network.veth }),
  });
  const isNginx = (p: Pod) => p.containers.some((c) => /^nginx(:|$)/.test(c.image));
  const servesNginx =
    (target.kind === 'service' &&
      target.service.name === 'nginx' &&
      target.service.ports.some((p) => p.port === port)) ||
    (target.kind === 'pod' &&
      (target.pod.labels.app === 'nginx' || isNginx(target.pod)) &&
      port === 80);
  if (servesNginx) {
    if (!pod.hostNetwork) sendFromPod(host, pod, ip, port);
    return respond(f, 200, NGINX_PAGE, ip);
  }
  if (
    target.kind === 'service' &&
    !target.service.ports.some((p) => p.port === port && p.protocol === 'TCP')
  )
    return failure(f, 28, `Connection timed out after 2001 milliseconds`);
  return failure(
    f,
    7,
    `Failed to connect to ${hostname} port ${port} after 1 ms: Couldn't connect to server`,
  );
}

/**
 * The resolv.conf kubelet writes for a ClusterFirst pod: the namespace's search domains (plus the
 * node's own on EKS), kube-dns's ClusterIP and `ndots:5` — why a short name is first tried with
 * every search suffix. A host-network pod gets its node's file.
 */
function resolvConf(cluster: Cluster, pod: Pod): string {
  const ec2Domain = cluster.overlay ? '' : ` ${cluster.region}.compute.internal`;
  if (pod.hostNetwork) {
    const node = cluster.instances.find((i) => i.hostId === pod.hostId);
    const vpc = cluster.vpcs.find((v) => v.id === node?.vpcId);
    const resolver = vpc ? nthIp(vpc.cidr, 2) : '127.0.0.53';
    return `search${ec2Domain || ' .'}\nnameserver ${resolver}\n`;
  }
  return formatResolvConf(podResolvConf(cluster, pod));
}

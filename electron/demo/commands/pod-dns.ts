/**
 * Name resolution inside a demo pod: busybox `nslookup`, `dig` and BIND `nslookup` of a dnsutils
 * image, and the glibc lookup behind `curl`/`wget`. Questions go to the pod's nameserver (the
 * kube-dns VIP) and are answered by CoreDNS semantics from the model (net/dns.ts); each one is
 * also sent on the packet bus (pod → VIP:53, DNATed to a CoreDNS pod) and left in conntrack.
 */
import type { Pod } from '../model/types';
import {
  answer,
  encodeMessage,
  messageSize,
  podResolvConf,
  queryNames,
  type DnsReply,
  type QType,
} from '../net/dns';
import { formatDig, formatNslookup } from '../render/dns-output';
import { sendDnsFromPod, type DnsWire } from '../traffic/send';
import { clusterOf, nowOf, type HostContext, type Printed } from './context';

/** Which programs a container image brings (the demo knows the seed labs' images). */
export function imageHas(pod: Pod, program: string): boolean {
  const image = pod.containers[0]?.image ?? '';
  if (/(^|\/)busybox(:|$)/.test(image)) return ['nslookup', 'wget', 'cat'].includes(program);
  if (/dnsutils/.test(image)) return ['nslookup', 'dig', 'cat'].includes(program);
  // nginx (Debian) and the add-ons: curl where the demo's labs use it.
  return ['curl', 'wget', 'cat'].includes(program);
}

/** What `kubectl exec` says when the container has no such program. */
export function notInImage(program: string): Printed {
  return {
    stderr: `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`,
    status: 1,
  };
}

let lastId = 0;
/** DNS message ids: random-looking, different for every question. */
function nextId(): number {
  lastId = (lastId * 1103515245 + 12345 + Date.now()) % 65536;
  return lastId;
}

let rotation = 0;

/** tcpdump's summary of a question and of CoreDNS's answer. */
export function wireText(id: number, reply: DnsReply, hasEdns: boolean): DnsWire {
  const edns = hasEdns ? '[1au] ' : '';
  const query = `${id}+ ${edns}${reply.qtype}? ${reply.qname} (${messageSize({ qname: reply.qname }, hasEdns)})`;
  const rcode = reply.rcode === 'NXDOMAIN' ? ' NXDomain' : '';
  const counts = `${reply.answers.length}/${reply.answers.length ? 0 : 1}/${hasEdns ? 1 : 0}`;
  const records = reply.answers.map((a) => `${reply.qtype} ${a.ip}`).join(', ');
  const answerText = `${id}${rcode}*- ${counts}${records ? ` ${records}` : ''} (${messageSize(reply, hasEdns)})`;
  return {
    query: { text: query, wire: encodeMessage(id, reply, hasEdns) },
    answer: { text: answerText, wire: encodeMessage(id, reply, hasEdns, reply) },
  };
}

interface Asked {
  replies: DnsReply[];
  server: string;
  ids: number[];
}

/** Asks kube-dns every (name, type) from one socket of the pod; puts them on the wire. */
function ask(
  host: HostContext,
  pod: Pod,
  questions: readonly { name: string; type: QType }[],
  hasEdns: boolean,
): Asked {
  const cluster = clusterOf(host);
  const now = nowOf(host);
  const server = podResolvConf(cluster, pod).nameserver;
  const ids = questions.map(() => nextId());
  const replies = questions.map((q) => answer(cluster, q.name, q.type, now, rotation++));
  sendDnsFromPod(
    host,
    pod,
    server,
    replies.map((r, i) => wireText(ids[i] ?? 0, r, hasEdns)),
  );
  return { replies, server, ids };
}

/** The IP `curl`/`wget` connect to: glibc's search with ndots, A and AAAA per name. */
export function resolveInPod(host: HostContext, pod: Pod, name: string): string | undefined {
  const conf = podResolvConf(clusterOf(host), pod);
  for (const candidate of queryNames(name, conf, 'glibc')) {
    const { replies } = ask(
      host,
      pod,
      [
        { name: candidate, type: 'A' },
        { name: candidate, type: 'AAAA' },
      ],
      false,
    );
    const hit = replies.find((r) => r.answers.length > 0)?.answers[0];
    if (hit) return hit.ip;
    if (replies.every((r) => r.rcode === 'NOERROR')) return undefined;
  }
  return undefined;
}

/** `nslookup`/`dig` in a pod, or undefined when `command` is neither. */
export function podDnsTool(
  host: HostContext,
  pod: Pod,
  command: readonly string[],
): Printed | undefined {
  const [program, ...args] = command;
  if (program !== 'nslookup' && program !== 'dig') return undefined;
  if (!imageHas(pod, program)) return notInImage(program);
  const name = args.find((a) => !a.startsWith('-') && !a.startsWith('+') && !a.startsWith('@'));
  if (name === undefined)
    return program === 'dig'
      ? {
          stderr: "kubelab demo lab: dig NAME (an A question to the pod's nameserver)\n",
          status: 1,
        }
      : {
          stderr:
            'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n',
          status: 1,
        };
  const conf = podResolvConf(clusterOf(host), pod);
  if (program === 'dig') {
    const asked = ask(host, pod, [{ name, type: 'A' }], true);
    const reply = asked.replies[0];
    if (!reply) return { status: 9 };
    const text = formatDig({
      typed: args.join(' '),
      server: asked.server,
      id: asked.ids[0] ?? 0,
      reply,
      now: nowOf(host),
    });
    return { stdout: text, status: 0 };
  }
  const isBusybox = !imageHas(pod, 'dig');
  if (isBusybox) {
    const names = queryNames(name, conf, 'busybox');
    const questions = names.flatMap((n) => [
      { name: n, type: 'A' as const },
      { name: n, type: 'AAAA' as const },
    ]);
    const asked = ask(host, pod, questions, false);
    const out = formatNslookup(asked.server, asked.replies);
    return withExit(out.text, out.status);
  }
  return bindNslookup(host, pod, name);
}

/** BIND 9.9's nslookup (dnsutils): A only, the search list by ndots, the first name that answers. */
function bindNslookup(host: HostContext, pod: Pod, name: string): Printed {
  const conf = podResolvConf(clusterOf(host), pod);
  let text = `Server:\t\t${conf.nameserver}\nAddress:\t${conf.nameserver}#53\n\n`;
  for (const candidate of queryNames(name, conf, 'glibc')) {
    const reply = ask(host, pod, [{ name: candidate, type: 'A' }], false).replies[0];
    if (reply && reply.answers.length > 0) {
      for (const a of reply.answers) text += `Name:\t${candidate}\nAddress: ${a.ip}\n`;
      return { stdout: `${text}\n`, status: 0 };
    }
  }
  return withExit(`${text}** server can't find ${name}: NXDOMAIN\n\n`, 1);
}

/** kubectl exec reports a non-zero exit on stderr, after the command's own output. */
function withExit(stdout: string, status: number): Printed {
  return status === 0
    ? { stdout, status }
    : { stdout, stderr: `command terminated with exit code ${status}\n`, status };
}

/**
 * What the DNS clients of the seed labs print: busybox `nslookup` (the busybox image) and BIND
 * 9.9's `dig` (tutum/dnsutils), from the replies of net/dns.ts.
 */
import { messageSize, type DnsReply } from '../net/dns';

/**
 * busybox nslookup: the server once its first reply arrives, then per reply its A records
 * (`Name:\t…\nAddress: …`) or `** server can't find NAME: NXDOMAIN`, each followed by a blank
 * line (an AAAA reply without records prints only that). CoreDNS answers authoritatively, so no
 * "Non-authoritative answer:" line. Exit status 1 when nothing was found.
 */
export function formatNslookup(
  server: string,
  replies: readonly DnsReply[],
): { text: string; status: number } {
  let text = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  for (const r of replies) {
    const name = r.qname.replace(/\.$/, '');
    if (r.rcode !== 'NOERROR') text += `** server can't find ${name}: ${r.rcode}\n`;
    else for (const a of r.answers) text += `Name:\t${name}\nAddress: ${a.ip}\n`;
    text += '\n';
  }
  const found = replies.some((r) => r.answers.length > 0);
  return { text, status: found ? 0 : 1 };
}

/**
 * BIND's column layout: each field after the first starts at its tab stop (tabs every 8
 * columns), or after one space when the line is already past it — long names push the rest.
 */
function columns(fields: readonly string[], stops: readonly number[]): string {
  let line = fields[0] ?? '';
  let col = line.length;
  fields.slice(1).forEach((field, i) => {
    const stop = stops[i] ?? 0;
    if (col >= stop) {
      line += ' ';
      col += 1;
    } else
      while (col < stop) {
        line += '\t';
        col = Math.floor(col / 8) * 8 + 8;
      }
    line += field;
    col += field.length;
  });
  return line;
}

const RECORD_STOPS = [24, 32, 40, 48];

function when(now: number): string {
  const d = new Date(now);
  const day = d.toUTCString().slice(0, 3);
  const month = d.toUTCString().slice(8, 11);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export interface DigRun {
  /** The name as typed (dig echoes the command line). */
  typed: string;
  server: string;
  id: number;
  reply: DnsReply;
  now: number;
}

/** `dig NAME` (default +cmd, EDNS 4096) as DiG 9.9.5 prints CoreDNS's reply. */
export function formatDig(run: DigRun): string {
  const r = run.reply;
  const out: string[] = [
    '',
    `; <<>> DiG 9.9.5-3ubuntu0.2-Ubuntu <<>> ${run.typed}`,
    ';; global options: +cmd',
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}, id: ${run.id}`,
    `;; flags: qr aa rd; QUERY: 1, ANSWER: ${r.answers.length}, AUTHORITY: ${r.answers.length ? 0 : 1}, ADDITIONAL: 1`,
    ';; WARNING: recursion requested but not available',
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 4096',
    ';; QUESTION SECTION:',
    columns([`;${r.qname}`, 'IN', r.qtype], [32, 40]),
    '',
  ];
  if (r.answers.length) {
    out.push(';; ANSWER SECTION:');
    for (const a of r.answers)
      out.push(columns([a.name, String(a.ttl), 'IN', 'A', a.ip], RECORD_STOPS));
    out.push('');
  } else if (r.soa) {
    const s = r.soa;
    const zone = s.zone === '.' ? '' : s.zone;
    out.push(';; AUTHORITY SECTION:');
    out.push(
      columns(
        [
          s.zone,
          String(s.ttl),
          'IN',
          'SOA',
          `ns.dns.${zone} hostmaster.${zone} ${s.serial} 7200 1800 86400 ${s.minimum}`,
        ],
        RECORD_STOPS,
      ),
    );
    out.push('');
  }
  out.push(
    ';; Query time: 0 msec',
    `;; SERVER: ${run.server}#53(${run.server})`,
    `;; WHEN: ${when(run.now)}`,
    `;; MSG SIZE  rcvd: ${messageSize(r, true)}`,
    '',
  );
  return `${out.join('\n')}\n`;
}

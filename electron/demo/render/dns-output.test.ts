import { describe, expect, it } from 'vitest';
import type { DnsReply } from '../net/dns';
import { formatDig, formatNslookup } from './dns-output';

/** Seed 002's answers (kubeadm: kube-dns 10.96.0.10, TTL 30), rebuilt as replies. */
const aApp0: DnsReply = {
  qname: 'a-app-0.a-app.default.svc.cluster.local.',
  qtype: 'A',
  rcode: 'NOERROR',
  answers: [{ name: 'a-app-0.a-app.default.svc.cluster.local.', ttl: 26, ip: '10.244.0.219' }],
};
const headless = 'a-app.default.svc.cluster.local.';
const aApp: DnsReply = {
  qname: headless,
  qtype: 'A',
  rcode: 'NOERROR',
  answers: ['10.244.0.222', '10.244.0.219', '10.244.0.221'].map((ip) => ({
    name: headless,
    ttl: 30,
    ip,
  })),
};
const noAaaa: DnsReply = { qname: headless, qtype: 'AAAA', rcode: 'NOERROR', answers: [] };
const soa = { zone: 'cluster.local.', ttl: 30, serial: 1743341000, minimum: 30 };

describe('busybox nslookup', () => {
  it("prints the seed's headless answer: the server, then a Name/Address pair per pod", () => {
    const out = formatNslookup('10.96.0.10', [aApp, noAaaa]);
    expect(out.status).toBe(0);
    expect(out.text).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        'Name:\ta-app.default.svc.cluster.local\nAddress: 10.244.0.222\n' +
        'Name:\ta-app.default.svc.cluster.local\nAddress: 10.244.0.219\n' +
        'Name:\ta-app.default.svc.cluster.local\nAddress: 10.244.0.221\n\n' +
        '\n',
    );
  });

  it('says NXDOMAIN per question and exits 1 when nothing was found', () => {
    const gone: DnsReply = {
      qname: 'nope.default.svc.cluster.local.',
      qtype: 'A',
      rcode: 'NXDOMAIN',
      answers: [],
      soa,
    };
    const out = formatNslookup('10.100.0.10', [gone, { ...gone, qtype: 'AAAA' }]);
    expect(out.status).toBe(1);
    expect(out.text).toBe(
      'Server:\t\t10.100.0.10\nAddress:\t10.100.0.10:53\n\n' +
        "** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n".repeat(2),
    );
  });
});

describe('dig (BIND 9.9.5, tutum/dnsutils)', () => {
  const when = Date.UTC(2025, 2, 30, 13, 33, 56);

  it("prints the seed's answer for a-app-0, with BIND's columns", () => {
    expect(
      formatDig({
        typed: 'a-app-0.a-app.default.svc.cluster.local',
        server: '10.96.0.10',
        id: 56600,
        reply: aApp0,
        now: when,
      }),
    ).toBe(
      [
        '',
        '; <<>> DiG 9.9.5-3ubuntu0.2-Ubuntu <<>> a-app-0.a-app.default.svc.cluster.local',
        ';; global options: +cmd',
        ';; Got answer:',
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 56600',
        ';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1',
        ';; WARNING: recursion requested but not available',
        '',
        ';; OPT PSEUDOSECTION:',
        '; EDNS: version: 0, flags:; udp: 4096',
        ';; QUESTION SECTION:',
        ';a-app-0.a-app.default.svc.cluster.local. IN A',
        '',
        ';; ANSWER SECTION:',
        'a-app-0.a-app.default.svc.cluster.local. 26 IN A 10.244.0.219',
        '',
        ';; Query time: 0 msec',
        ';; SERVER: 10.96.0.10#53(10.96.0.10)',
        ';; WHEN: Sun Mar 30 13:33:56 UTC 2025',
        ';; MSG SIZE  rcvd: 123',
        '',
        '',
      ].join('\n'),
    );
  });

  it('counts three answers and 201 bytes for the headless name', () => {
    const text = formatDig({
      typed: 'a-app.default.svc.cluster.local',
      server: '10.96.0.10',
      id: 29717,
      reply: aApp,
      now: when,
    });
    expect(text).toContain(
      ';; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 1\n',
    );
    expect(text).toContain('a-app.default.svc.cluster.local. 30 IN\tA\t10.244.0.222\n');
    expect(text).toContain(';; MSG SIZE  rcvd: 201\n');
  });

  it("tabs short names to BIND's columns and shows CoreDNS's SOA for NXDOMAIN", () => {
    const gone: DnsReply = {
      qname: 'x.cluster.local.',
      qtype: 'A',
      rcode: 'NXDOMAIN',
      answers: [],
      soa,
    };
    const text = formatDig({
      typed: 'x.cluster.local',
      server: '10.96.0.10',
      id: 1,
      reply: gone,
      now: when,
    });
    expect(text).toContain('status: NXDOMAIN, id: 1\n');
    expect(text).toContain('ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(text).toContain(';x.cluster.local.\t\tIN\tA\n');
    expect(text).toContain(
      ';; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1743341000 7200 1800 86400 30\n',
    );
  });
});

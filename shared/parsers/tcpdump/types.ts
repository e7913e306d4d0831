/**
 * Records read from `tcpdump -nn` text. Every packet keeps `line` (1-based, the packet's first
 * line) and `raw` (that line, plus any continuation lines joined with `\n`).
 */

/** How the timestamp was printed: `-tttt`/test-harness date, `-ttt` delta, `-tt` epoch, `-t` none. */
export type TimeFormat = 'default' | 'tttt' | 'ttt' | 'tt' | 'none';

/** LINUX_SLL2 (`-i any`) packet direction: In, Out, P (to another host), M (multicast), B (broadcast). */
export type Direction = 'In' | 'Out' | 'P' | 'M' | 'B';

/** Network-layer family, from the `IP`/`IP6`/`ARP` keyword or the `-e` ethertype. */
export type Family = 'ip' | 'ip6' | 'arp' | 'other';

/** What the payload was read as. `other` keeps addresses and ports but no payload detail. */
export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'arp' | 'vxlan' | 'other';

/** The link-layer header printed by `-e`: `36:dc:… > 00:16:…, ethertype IPv4 (0x0800), length 148`. */
export interface EthernetHeader {
  src: string;
  dst: string;
  /** As printed, e.g. `IPv4 (0x0800)`, `ARP (0x0806)`. */
  ethertype?: string;
  /** Frame length. */
  length?: number;
}

/** TCP fields: `Flags [P.], seq 1:81, ack 1, win 222, options […], length 80`. */
export interface TcpInfo {
  /** Flags as printed inside the brackets: `S`, `S.`, `.`, `P.`, `F.`, `R`, `R.`… */
  flags: string;
  /** First sequence number (relative or absolute, as printed). */
  seq?: number;
  /** End of the range in `seq 1:81`. */
  seqEnd?: number;
  ack?: number;
  win?: number;
  /** Option text inside `options [...]`, nested brackets kept. */
  options?: string;
  length?: number;
}

/** UDP payload length (`UDP, length 12`) or DNS message length (`(29)`). */
export interface UdpInfo {
  length?: number;
}

/** ICMP/ICMPv6 message: `ICMP echo request, id 236, seq 0, length 64`. */
export interface IcmpInfo {
  /** `echo request`, `echo reply`, `unreachable`, `time exceeded`, or the text before the first comma. */
  type: string;
  id?: number;
  seq?: number;
  length?: number;
  /** The message text after `ICMP ` / `ICMP6, `, without the trailing `, length N`. */
  text: string;
}

/** ARP: `Request who-has 10.2.1.2 tell 10.2.1.1` or `Reply 10.2.1.2 is-at d6:06:…`. */
export interface ArpInfo {
  op: 'who-has' | 'is-at' | 'reply' | 'other';
  target?: string;
  tell?: string;
  mac?: string;
}

/** A DNS message on port 53: `13784+ [1au] A? example.com. (40)` or `13784*- 1/0/0 A 1.2.3.4 (45)`. */
export interface DnsInfo {
  id: number;
  kind: 'query' | 'answer';
  /** Query type with its `?`: `A?`, `AAAA?`, `PTR?`. */
  qtype?: string;
  name?: string;
  /** Response code when not NoError: `NXDomain`, `ServFail`, `Refused`… */
  rcode?: string;
  /** Answer records as printed: `A 93.184.216.34`, `RRSIG`, `CNAME x.`. */
  answers: string[];
  /** Answer/authority/additional counts of `1/0/1`. */
  counts?: [number, number, number];
  /** The flag characters after the id: `+`, `*-`, `|`… */
  flags: string;
}

/** A tunnel header and, where the capture shows it, the inner packet. */
export interface Encapsulation {
  kind: 'vxlan' | 'ipip' | 'mpls';
  vni?: number;
  /** MPLS labels, outermost first. */
  labels?: number[];
  inner?: Packet;
}

/** One captured packet. */
export interface Packet {
  line: number;
  raw: string;
  /** The test-harness packet number (`    1  2013-05-18 …`). */
  number?: number;
  /** The timestamp as printed. */
  time?: string;
  timeFormat: TimeFormat;
  interface?: string;
  direction?: Direction;
  ethernet?: EthernetHeader;
  family: Family;
  /** Source address (ARP: the asking or answering address). */
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  protocol: Protocol;
  tcp?: TcpInfo;
  udp?: UdpInfo;
  icmp?: IcmpInfo;
  arp?: ArpInfo;
  dns?: DnsInfo;
  encapsulation?: Encapsulation;
  /** Payload length as printed (`length N` of the innermost readable layer). */
  length?: number;
  /** Text after `length N: `, e.g. `HTTP: GET / HTTP/1.1`. */
  payload?: string;
}

import { describe, expect, it } from 'vitest';
import { noteFor, ruleProbability } from './rule-notes';

describe('noteFor', () => {
  it.each([
    ['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES', 'entry'],
    ['-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES', 'entry'],
    [
      '-A KUBE-SERVICES -d 10.100.54.55/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 80 -j KUBE-SVC-2CMXP7HKUVJN7L6M',
      'service-match',
    ],
    [
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      'nodeports-jump',
    ],
    [
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M ! -s 192.168.0.0/16 -d 10.100.54.55/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ',
      'mark-masq-outside',
    ],
    [
      '-A KUBE-SEP-66JLUQUPUVK3HHZP -s 192.168.1.39/32 -m comment --comment "default/nginx" -j KUBE-MARK-MASQ',
      'mark-masq-hairpin',
    ],
    ['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000', 'mark-set'],
    ['-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN', 'masq-return'],
    ['-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0', 'masq-clear'],
    [
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      'masquerade',
    ],
    [
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 192.168.1.39:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-66JLUQUPUVK3HHZP',
      'statistic',
    ],
    [
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 192.168.3.193:80" -j KUBE-SEP-TGARRTVYPOAI4EQH',
      'fallthrough',
    ],
    [
      '-A KUBE-SEP-66JLUQUPUVK3HHZP -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 192.168.1.39:80',
      'dnat',
    ],
    [
      '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-RS4RBKLTHTF2IUXJ --rcheck --seconds 10800 --reap -j KUBE-SEP-RS4RBKLTHTF2IUXJ',
      'affinity-check',
    ],
    [
      '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns5/svc5:p80 -m recent --set --name KUBE-SEP-RS4RBKLTHTF2IUXJ --mask 255.255.255.255 --rsource',
      'affinity-set',
    ],
    [
      '-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      'nodeport-match',
    ],
    [
      '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
      'mark-masq-jump',
    ],
    ['-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK', 'local-jump'],
    [
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
      'ipset-match',
    ],
    ['-A FOO -j ACCEPT', 'other'],
  ])('%s → %s', (raw, kind) => {
    const note = noteFor(raw);
    expect(note.kind).toBe(kind);
    if (kind !== 'other') expect(note.note.length).toBeGreaterThan(20);
  });

  it('names the DNAT destination and the affinity timeout from the rule itself', () => {
    expect(
      noteFor('-A KUBE-SEP-X -p tcp -m tcp -j DNAT --to-destination 192.168.1.39:80').note,
    ).toContain('192.168.1.39:80');
    expect(
      noteFor(
        '-A KUBE-SVC-X -m recent --name KUBE-SEP-Y --rcheck --seconds 10800 --reap -j KUBE-SEP-Y',
      ).note,
    ).toContain('10800 s');
    const dnat = noteFor(
      '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m recent --set --name KUBE-SEP-RS4RBKLTHTF2IUXJ --mask 255.255.255.255 --rsource -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80',
    );
    expect(dnat.kind).toBe('dnat');
    expect(dnat.note).toContain('session affinity');
  });
});

describe('ipset rules of IPVS mode', () => {
  it('says what the matched set holds', () => {
    const note = noteFor(
      '-A KUBE-SERVICES ! -s 192.168.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    expect(note.kind).toBe('ipset-match');
    expect(note.note).toMatch(/^KUBE-CLUSTER-IP holds every ClusterIP:port/);
    expect(noteFor('-A X -m set --match-set KUBE-SOMETHING-NEW dst -j ACCEPT').note).toContain(
      'Matches the ipset KUBE-SOMETHING-NEW',
    );
  });
});

describe('ruleProbability', () => {
  it('reads the written probability, or null', () => {
    expect(ruleProbability('-m statistic --mode random --probability 0.50000000000 -j X')).toBe(
      0.5,
    );
    expect(ruleProbability('-j KUBE-SEP-X')).toBeNull();
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { mutationsOf, seededRandom } from '../../../test/support/fuzz';
import { parseIptables, type IptablesRuleset } from '../../parsers/iptables';
import { IptablesServiceResolver } from './from-iptables';

/**
 * The resolver reads stored rules through fast, specialised scans of the raw text. These tests
 * prove those scans change nothing: every input is resolved twice, once from the parsed ruleset
 * (the fast path) and once from a plain copy of it whose rules are fully decoded records (so every
 * rule goes through the full tokenizer + match + target decoder and chains are found by a plain
 * search), and the two answers must be identical.
 */
function plainCopy(ruleset: IptablesRuleset): IptablesRuleset {
  return JSON.parse(JSON.stringify(ruleset)) as IptablesRuleset;
}

function expectSameBothWays(text: string): void {
  const parsed = parseIptables(text).value;
  const fast = new IptablesServiceResolver(parsed).services();
  const full = new IptablesServiceResolver(plainCopy(parsed)).services();
  expect(fast).toEqual(full);
}

/**
 * Ports whose walk is deferred read the same as eager ones through every way a consumer copies
 * them (JSON, with its key order; structured clone, as IPC does; spread; deep equality), whether
 * or not a field was read before, and in any order.
 */
function expectDeferredSame(parsed: IptablesRuleset): void {
  const resolve = (deferEndpoints: boolean) =>
    new IptablesServiceResolver(parsed, { deferEndpoints }).services();
  const eager = resolve(false);
  const json = JSON.stringify(eager);
  expect(JSON.stringify(resolve(true))).toBe(json);
  const keys = (ports: readonly object[]) => ports.map((p) => Object.keys(p));
  const cloned = structuredClone(resolve(true));
  expect(cloned).toEqual(eager);
  // toEqual ignores an undefined key: an absent sessionAffinity must stay absent in copies.
  expect(keys(cloned.value)).toEqual(keys(eager.value));
  expect(keys(resolve(true).value.map((p) => ({ ...p })))).toEqual(keys(eager.value));
  const reversed = resolve(true);
  for (const p of [...reversed.value].reverse()) expect(p.issues).toBeDefined();
  expect(reversed.value.map((p) => ({ ...p }))).toEqual(eager.value);
  expect(JSON.stringify(reversed)).toBe(json);
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
}

describeWithFixtures('fast path equals full decoding on the fixture kit', (kit) => {
  const files = [...filesIn(kit.path('iptables')), ...filesIn(path.resolve(kit.dir, '../seeds'))];

  it('on every iptables fixture and seed', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expectSameBothWays(readFileSync(file, 'utf8'));
  });

  it('with endpoints walked on first read (deferred), through JSON, clone and spread', () => {
    for (const file of files) expectDeferredSame(parseIptables(readFileSync(file, 'utf8')).value);
  });

  it('on cut-off, CRLF, tabbed, doubled and reversed copies of the kube-proxy fixtures', () => {
    const kube = files.filter((f) => /kubeproxy-restore|debug-service|S-nat/.test(f));
    expect(kube.length).toBeGreaterThan(2);
    for (const file of kube) {
      const text = readFileSync(file, 'utf8');
      for (const m of mutationsOf(text)) {
        if (/^(first|cut at|CRLF|tabs|doubled|lines reversed)/.test(m.name))
          expectSameBothWays(m.text);
      }
    }
  });
});

describeWithFixtures('re-resolving the GENERATED 425-port dump after a kube-proxy sync', (kit) => {
  it('equals resolving the changed dump', () => {
    const text = kit.read('iptables/GENERATED-kubeproxy-large-425svcports-iptables-save.txt');
    expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SVC-') && k % 5 === 0);
    expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SEP-') && k % 7 === 0);
  });

  it('with endpoints walked on first read: the earlier answer keeps the chains it was given', () => {
    const text = kit.read('iptables/GENERATED-kubeproxy-large-425svcports-iptables-save.txt');
    expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SVC-') && k % 5 === 0, true);
    expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SEP-') && k % 7 === 0, true);
  });
});

describe('fast path equals full decoding on generated rulesets', () => {
  it('with the shapes kube-proxy and hand-written labs produce', () => {
    for (let seed = 1; seed <= 80; seed++) expectSameBothWays(generate(seed));
  });

  it('with endpoints walked on first read (deferred), through JSON, clone and spread', () => {
    for (let seed = 1; seed <= 80; seed++) expectDeferredSame(parseIptables(generate(seed)).value);
  });
});

/** Drops line numbers, which differ between a patched dump and chains parsed on their own. */
function withoutLineNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'line' ? undefined : v)));
}

/**
 * Replaces `chains` (each loses its first rule) both ways: in the text, resolved afresh, and in
 * a resolver that already answered, via replaceChains. The answers must be the same.
 */
function expectSameAfterReplace(
  text: string,
  pick: (name: string, k: number) => boolean,
  deferEndpoints = false,
): void {
  const lines = text.split('\n');
  const chosen = new Set<string>();
  let k = 0;
  for (const line of lines.slice(lines.indexOf('*nat'))) {
    const m = /^:(\S+) /.exec(line);
    if (m?.[1] !== undefined && pick(m[1], k++)) chosen.add(m[1]);
  }
  const dropped = new Set<number>();
  const rest = new Map<string, string[]>();
  const nat = lines.indexOf('*nat');
  lines.forEach((line, i) => {
    const name = i > nat ? /^-A (\S+) /.exec(line)?.[1] : undefined;
    if (name === undefined || !chosen.has(name)) return;
    const kept = rest.get(name);
    if (kept === undefined) {
      dropped.add(i);
      rest.set(name, []);
    } else kept.push(line);
  });
  const patched = lines.filter((_, i) => !dropped.has(i)).join('\n');
  const fresh = [...rest].flatMap(([name, rules]) => [`:${name} - [0:0]`, ...rules]);
  const replacement = parseIptables(['*nat', ...fresh, 'COMMIT', ''].join('\n')).value;
  const full = new IptablesServiceResolver(parseIptables(patched).value).services();
  if (!deferEndpoints) {
    const resolver = new IptablesServiceResolver(parseIptables(text).value);
    resolver.services();
    resolver.replaceChains(replacement.tables[0]?.chains ?? []);
    const incremental = resolver.services();
    expect(withoutLineNumbers(incremental)).toEqual(withoutLineNumbers(full));
    return;
  }
  // Deferred: half the ports read before the replace, the rest after; the earlier answer must
  // keep the chains it was given, the later one see the replacements.
  const original = new IptablesServiceResolver(parseIptables(text).value).services();
  const deferred = new IptablesServiceResolver(parseIptables(text).value, { deferEndpoints });
  const earlier = deferred.services();
  earlier.value.forEach((p, i) => i % 2 === 0 && p.endpoints);
  deferred.replaceChains(replacement.tables[0]?.chains ?? []);
  const later = deferred.services();
  expect(withoutLineNumbers(later)).toEqual(withoutLineNumbers(full));
  expect(earlier).toEqual(original);
  deferred.replaceChains(replacement.tables[0]?.chains ?? []);
  expect(withoutLineNumbers(deferred.services())).toEqual(withoutLineNumbers(full));
}

describe('re-resolving after replaced chains equals resolving the changed dump', () => {
  it('for KUBE-SVC, KUBE-SEP, KUBE-EXT, dispatch and pass-through chains', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = generate(seed);
      expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SVC-') && k % 2 === 0);
      expectSameAfterReplace(text, (name, k) => name.startsWith('KUBE-SEP-') && k % 3 === 0);
      expectSameAfterReplace(text, (name) => /^KUBE-(EXT|SVL|FW)-/.test(name));
      expectSameAfterReplace(text, (name) => name === 'KUBE-SERVICES' || name === 'CUSTOM-LB');
      expectSameAfterReplace(text, (name) => name === 'KUBE-MARK-MASQ');
    }
  });

  it('with endpoints walked on first read, read before and after the replace', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = generate(seed);
      const deferred = true;
      expectSameAfterReplace(
        text,
        (name, k) => name.startsWith('KUBE-SVC-') && k % 2 === 0,
        deferred,
      );
      expectSameAfterReplace(
        text,
        (name, k) => name.startsWith('KUBE-SEP-') && k % 3 === 0,
        deferred,
      );
      expectSameAfterReplace(text, (name) => /^KUBE-(EXT|SVL|FW)-/.test(name), deferred);
      expectSameAfterReplace(text, (name) => name === 'KUBE-SERVICES', deferred);
      expectSameAfterReplace(text, (name) => name === 'KUBE-MARK-MASQ', deferred);
    }
  });
});

/**
 * A kube-proxy-like nat + filter dump with seeded variation: comments or none, kube-proxy's
 * probabilities or hand weights, affinity, NodePorts with KUBE-EXT/SVL chains, load balancers,
 * extra conditions, quoted and escaped text, goto, RETURN, missing and empty chains, loops.
 */
function generate(seed: number): string {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const hash = (): string =>
    Array.from({ length: 16 }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'])).join('');
  const heads = [':KUBE-SERVICES - [0:0]', ':KUBE-NODEPORTS - [0:0]', ':KUBE-MARK-MASQ - [0:0]'];
  const rules: string[] = ['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000'];
  const filter: string[] = [];
  const services = 1 + Math.floor(rand() * 8);
  for (let s = 0; s < services; s++) {
    const h = hash();
    const proto = pick(['tcp', 'udp', 'sctp']);
    const name = `ns${s % 3}/svc${s}:${pick(['', 'http', 'p80'])}`;
    const c = (extra: string): string =>
      rand() < 0.2
        ? ''
        : ` -m comment --comment ${rand() < 0.1 ? '"' + name + '\\" ' + extra + '"' : '"' + name + ' ' + extra + '"'}`;
    const ip = `10.96.${s}.${1 + Math.floor(rand() * 250)}`;
    const port = 80 + s;
    const svc = `KUBE-SVC-${h}`;
    const n = Math.floor(rand() * 5);
    if (n === 0 && rand() < 0.5) {
      filter.push(
        `-A KUBE-SERVICES -d ${ip}/32 -p ${proto}${c('has no endpoints')} -m ${proto} --dport ${port} -j REJECT --reject-with icmp-port-unreachable`,
      );
      continue;
    }
    heads.push(`:${svc} - [0:0]`);
    const jump = rand() < 0.1 ? '-g' : '-j';
    rules.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p ${proto}${c('cluster IP')} -m ${proto} --dport ${port} ${jump} ${svc}`,
    );
    if (rand() < 0.5)
      rules.push(
        `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p ${proto}${c('cluster IP')} -m ${proto} --dport ${port} -j KUBE-MARK-MASQ`,
      );
    if (rand() < 0.3) {
      const np = 30000 + s;
      const ext = `KUBE-EXT-${h}`;
      heads.push(`:${ext} - [0:0]`);
      rules.push(`-A KUBE-NODEPORTS -p ${proto}${c('')} -m ${proto} --dport ${np} -j ${ext}`);
      if (rand() < 0.5) {
        const svl = `KUBE-SVL-${h}`;
        heads.push(`:${svl} - [0:0]`);
        rules.push(
          `-A ${ext} -s 10.244.0.0/16 -m comment --comment "pod traffic for ${name} external destinations" -j ${svc}`,
        );
        rules.push(`-A ${ext} -j ${svl}`);
        rules.push(`-A ${svl} -j ${svc}`);
      } else rules.push(`-A ${ext} -j KUBE-MARK-MASQ`, `-A ${ext} -j ${svc}`);
    }
    if (rand() < 0.2) {
      const fw = `KUBE-FW-${h}`;
      heads.push(`:${fw} - [0:0]`);
      rules.push(
        `-A KUBE-SERVICES -d 203.0.113.${s}/32 -p ${proto}${c('loadbalancer IP')} -m ${proto} --dport ${port} -j ${fw}`,
      );
      rules.push(
        `-A ${fw} -s 198.51.100.0/24${c('')} -j KUBE-EXT-${h}`,
        `-A ${fw} -j KUBE-MARK-DROP`,
      );
    }
    const affinity = rand() < 0.2;
    let left = 1;
    for (let e = 0; e < n; e++) {
      const sep = rand() < 0.05 ? `KUBE-SEP-MISSING${e}` : `KUBE-SEP-${hash()}`;
      const epIp = `10.244.${s}.${e + 2}`;
      if (!sep.includes('MISSING')) heads.push(`:${sep} - [0:0]`);
      const p =
        e === n - 1
          ? null
          : rand() < 0.5
            ? (1 / (n - e)).toFixed(11)
            : pick(['0.2', '0.5', '0.25', '1', '0']);
      if (affinity)
        rules.push(
          `-A ${svc}${c(`-> ${epIp}:8080`)} -m recent --name ${sep} --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j ${sep}`,
        );
      const stat = p === null ? '' : ` -m statistic --mode random --probability ${p}`;
      const extra = rand() < 0.1 ? ' -i eth0' : rand() < 0.1 ? ' -m mark --mark 0x1' : '';
      rules.push(`-A ${svc}${c(`-> ${epIp}:8080`)}${extra}${stat} -j ${sep}`);
      left *= 1 - Number(p ?? 1);
      if (sep.includes('MISSING')) continue;
      if (rand() < 0.05) continue; // declared, no rules
      rules.push(`-A ${sep} -s ${epIp}/32${c('')} -j KUBE-MARK-MASQ`);
      if (affinity)
        rules.push(
          `-A ${sep} -p ${proto}${c('')} -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -m ${proto} -j DNAT --to-destination ${epIp}:8080`,
        );
      else if (rand() < 0.1) rules.push(`-A ${sep} -j RETURN`);
      else if (rand() < 0.05)
        rules.push(`-A ${sep} -j ${svc}`); // a loop
      else
        rules.push(
          `-A ${sep} -p ${proto}${c('')} -m ${proto} -j DNAT --to-destination ${rand() < 0.1 ? `[fd00::${e}]` : epIp}:${rand() < 0.1 ? '8080-8090' : '8080'}`,
        );
    }
    if (left > 0 && rand() < 0.3) rules.push(`-A ${svc} -j RETURN`);
  }
  if (rand() < 0.3) {
    heads.push(':CUSTOM-LB - [0:0]');
    rules.push('-A KUBE-SERVICES -j CUSTOM-LB');
    rules.push(
      '-A CUSTOM-LB -d 10.99.0.1/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.2 -j DNAT --to-destination 10.1.0.1:80',
      '-A CUSTOM-LB -d 10.99.0.1/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.1.0.2:80',
      '-A CUSTOM-LB -d 10.99.0.1/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.1.0.3:80',
    );
  }
  rules.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ...filter,
    'COMMIT',
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ...heads,
    ...rules,
    'COMMIT',
    '',
  ].join('\n');
}

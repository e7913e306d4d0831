import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { servicesFromIptables, type ServicePort } from '../../shared/model/kube-proxy';
import { parseIptables } from '../../shared/parsers/iptables';
import type { FixtureKit } from './fixtures';

/**
 * kube-proxy's chain name, computed independently of the product code as an oracle for the
 * fixtures: base32(sha256(servicePortName + protocol))[:16] (RFC 4648 alphabet).
 */
export function kubeProxyChain(prefix: string, servicePortName: string, protocol: string): string {
  const bytes = createHash('sha256')
    .update(servicePortName + protocol)
    .digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length && out.length < 16; i += 5)
    out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return `${prefix}-${out}`;
}

export function byName(services: ServicePort[]): Map<string, ServicePort> {
  return new Map(services.map((s) => [`${s.namespace}/${s.name}:${s.portName}/${s.protocol}`, s]));
}

/** `[ip:port, effective share (9 decimals), rule probability]` per endpoint, in rule order. */
export function endpointsOf(s: ServicePort | undefined): [string, number, number | null][] {
  return (s?.endpoints ?? []).map((e) => [
    `${e.ip}:${e.port}`,
    Number(e.probability.toFixed(9)),
    e.ruleProbability,
  ]);
}

/** Parses a kit iptables file (which must parse cleanly) and resolves its Services. */
export function resolveKitServices(kit: FixtureKit, name: string) {
  const parsed = parseIptables(kit.read(`iptables/${name}`));
  expect(parsed.warnings).toEqual([]);
  const services = servicesFromIptables(parsed.value);
  return { services: services.value, warnings: services.warnings, byName: byName(services.value) };
}

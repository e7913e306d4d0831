import { createHash } from 'node:crypto';
import type { Protocol, ServicePortInput } from './types';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's `base32.StdEncoding`); padding is irrelevant since callers keep 16 chars. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

/**
 * kube-proxy's `ServicePortName.String()`: `ns/name:port`, or `ns/name` for an unnamed port
 * (old kube-proxy printed `ns/name:`; the hashes of modern nodes use the colon-less form).
 */
export function servicePortName(
  sp: Pick<ServicePortInput, 'namespace' | 'name' | 'portName'>,
): string {
  const base = `${sp.namespace}/${sp.name}`;
  return sp.portName === '' ? base : `${base}:${sp.portName}`;
}

/** The 16-character suffix kube-proxy's `portProtoHash` gives SVC, SVL, EXT and FW chains. */
export function portProtoHash(name: string, protocol: Protocol): string {
  return hash16(name + protocol);
}

/** `KUBE-SVC-…`: the Cluster-policy chain of a Service port. */
export function serviceChainName(name: string, protocol: Protocol): string {
  return `KUBE-SVC-${portProtoHash(name, protocol)}`;
}

/** `KUBE-SVL-…`: the Local-policy chain (local endpoints only). */
export function serviceLocalChainName(name: string, protocol: Protocol): string {
  return `KUBE-SVL-${portProtoHash(name, protocol)}`;
}

/** `KUBE-EXT-…`: where NodePort (and other external) traffic enters. */
export function externalChainName(name: string, protocol: Protocol): string {
  return `KUBE-EXT-${portProtoHash(name, protocol)}`;
}

/** `KUBE-SEP-…`: one endpoint of one Service port; `endpoint` is `ip:port`. */
export function endpointChainName(name: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${hash16(name + protocol + endpoint)}`;
}

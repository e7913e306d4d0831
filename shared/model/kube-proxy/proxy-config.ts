/**
 * kube-proxy's configuration file as its ConfigMap carries it (`kube-proxy-config` → `config` on
 * EKS, `kube-proxy` → `config.conf` on kubeadm): reading and setting `mode:` and the IPVS
 * scheduler without touching the rest of the text, as a person editing it would.
 */

/** What the explorer needs from a KubeProxyConfiguration. */
export interface ProxyConfigMode {
  /** As written: `iptables`, `ipvs`, `nftables`, or `''` (the platform default, iptables on Linux). */
  mode: string;
  /** `ipvs.scheduler`; null when absent or empty (kube-proxy then uses rr). */
  scheduler: string | null;
  /** 1-based line of `mode:`; null when the file has none. */
  modeLine: number | null;
}

/** Where to append a line: before the empty string a trailing newline leaves. */
const endOf = (lines: string[]): number =>
  lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;

const unquote = (v: string): string => v.trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * Reads the top-level `mode:` and `ipvs:`'s `scheduler:` of a KubeProxyConfiguration YAML.
 *
 * @example
 * readProxyConfigMode('mode: "ipvs"\nipvs:\n  scheduler: "rr"\n'); // { mode: 'ipvs', scheduler: 'rr', modeLine: 1 }
 */
export function readProxyConfigMode(text: string): ProxyConfigMode {
  let mode = '';
  let modeLine: number | null = null;
  let scheduler: string | null = null;
  let section = '';
  text.split(/\r?\n/).forEach((line, i) => {
    const top = /^([A-Za-z][\w]*):\s*(.*)$/.exec(line);
    if (top) {
      section = top[1] ?? '';
      if (section === 'mode') {
        mode = unquote(top[2] ?? '');
        modeLine = i + 1;
      }
      return;
    }
    const nested = /^\s+scheduler:\s*(.*)$/.exec(line);
    if (nested && section === 'ipvs') scheduler = unquote(nested[1] ?? '') || null;
  });
  return { mode, scheduler, modeLine };
}

/**
 * The same configuration with `mode:` (and, when given, `ipvs.scheduler:`) set; lines it does not
 * change stay byte for byte. A missing `mode:` or `scheduler:` line is added.
 */
export function setProxyConfigMode(text: string, mode: string, scheduler?: string): string {
  const lines = text.split('\n');
  let section = '';
  let hasMode = false;
  let hasScheduler = false;
  let ipvsAt = -1;
  const out = lines.map((line, i) => {
    const top = /^([A-Za-z][\w]*):/.exec(line);
    if (top) {
      section = top[1] ?? '';
      if (section === 'ipvs') ipvsAt = i;
      if (section === 'mode') {
        hasMode = true;
        return `mode: "${mode}"`;
      }
      return line;
    }
    const nested = /^(\s+)scheduler:/.exec(line);
    if (nested && section === 'ipvs' && scheduler !== undefined) {
      hasScheduler = true;
      return `${nested[1] ?? '  '}scheduler: "${scheduler}"`;
    }
    return line;
  });
  if (scheduler !== undefined && !hasScheduler) {
    if (ipvsAt >= 0) out.splice(ipvsAt + 1, 0, `  scheduler: "${scheduler}"`);
    else out.splice(endOf(out), 0, 'ipvs:', `  scheduler: "${scheduler}"`);
  }
  if (!hasMode) out.splice(endOf(out), 0, `mode: "${mode}"`);
  return out.join('\n');
}

/** What curl's `-w/--write-out` knows of a finished transfer, as the demo can tell it. */
export interface Transfer {
  status: number;
  /** The address and port curl connected to: a Service VIP stays the VIP (DNAT is invisible). */
  remoteIp: string;
  remotePort: number;
  seconds: number;
}

/**
 * Expands curl's `-w` template: `%{http_code}`, `%{remote_ip}`, `%{remote_port}`,
 * `%{time_total}` and the `\n`/`\t` escapes; other variables print empty, as curl prints unknown
 * ones.
 */
export function writeOut(template: string, t: Transfer): string {
  const values: Record<string, string> = {
    http_code: String(t.status).padStart(3, '0'),
    response_code: String(t.status).padStart(3, '0'),
    remote_ip: t.remoteIp,
    remote_port: String(t.remotePort),
    time_total: t.seconds.toFixed(6),
  };
  return template
    .replace(/%\{([a-z_]+)\}/g, (_, name: string) => values[name] ?? '')
    .replaceAll('\\n', '\n')
    .replaceAll('\\t', '\t');
}

/**
 * A duration as an engineer reads it: milliseconds while they matter (`842 ms`, `4,210 ms`),
 * seconds after that (`12.4 s`), minutes for long watches (`3m 05s`).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 10_000) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${seconds}s`;
}

/** A count with its noun, singular or plural: `1 host`, `3 hosts`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}

/** A wall-clock time as HH:MM:SS in the user's locale. */
export function formatClock(at: Date | number | string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Where a host is, as ssh would name it: `10.0.1.5`, `127.0.0.1:2222`, `[fd00::5]:2222`. */
export function formatAddress(host: { address: string; port?: number | undefined }): string {
  if (host.port === undefined || host.port === 22) return host.address;
  return host.address.includes(':')
    ? `[${host.address}]:${host.port}`
    : `${host.address}:${host.port}`;
}

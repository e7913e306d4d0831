/**
 * Real `tcpdump -i any -nn -l -U -tttt` inside a namespace, as the capture backend runs it on a
 * node: started, waited for until it listens, stopped, and its output kept as text.
 */
import { once } from 'node:events';
import type { Netns } from '../netns';

/** A running tcpdump. */
export interface Tcpdump {
  /** Stops it (SIGINT, so it flushes) and answers everything it printed on stdout. */
  stop(): Promise<string>;
}

/** Starts tcpdump on every interface of the namespace; resolves once it is listening. */
export async function startTcpdump(ns: Netns, filter: readonly string[]): Promise<Tcpdump> {
  const child = ns.spawn('tcpdump', ['-i', 'any', '-nn', '-l', '-U', '-tttt', ...filter]);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (c: string) => (out += c));
  const listening = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (c: string) => {
      err += c;
      if (err.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited ${code}: ${err}`)));
  });
  await listening;
  return {
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGINT');
        await exited;
      }
      return out;
    },
  };
}

import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import { CaptureHub } from '../capture/capture-hub';
import { listInterfaces } from '../capture/interfaces';
import type { ClientJournal } from '../lab-session/client-journal';
import type { Host } from '../hosts/host';
import type { EmitEvent } from './stream-hub';
import type { WorkspaceRegistry } from './workspaces';

type CaptureRequest =
  'capture:interfaces' | 'capture:start' | 'capture:stop' | 'capture:ack' | 'capture:pcap';

export type CaptureHandlers = {
  [N in CaptureRequest]: (params: Params<N>) => Promise<Result<N>>;
};

/**
 * The capture requests of one session. Its captures (and so every remote tcpdump) end when
 * `closed` aborts, and its temporary pcap files are removed then.
 */
export function captureHandlers(
  registry: WorkspaceRegistry,
  emit: EmitEvent,
  closed: AbortSignal,
  journal?: ClientJournal,
): CaptureHandlers {
  const hub = new CaptureHub(emit);
  closed.addEventListener(
    'abort',
    () => {
      hub.closeAll();
      // The pcaps are written until their channels close; remove them once that had time.
      setTimeout(() => hub.dispose(), 5000).unref();
    },
    { once: true },
  );
  return {
    'capture:interfaces': async (p) => {
      const [host] = registry.hosts(p.workspaceId, [p.hostId]);
      if (host === undefined) throw new ApiError('not-found', `no host ${p.hostId}`);
      return { hostId: p.hostId, interfaces: await listInterfaces(host) };
    },
    'capture:start': (p) => {
      const hosts = registry.hosts(p.workspaceId, p.hostIds);
      if (new Set(p.hostIds).size !== p.hostIds.length)
        throw new ApiError('invalid-params', 'hostIds: a host is named twice');
      const pcaps = new Map<string, string>();
      const keep = (host: Host) => {
        const file = hub.tempPcapPath(host);
        pcaps.set(host.description.id, file);
        return file;
      };
      const started = hub.start({
        hosts,
        iface: p.iface,
        ...(p.filter === undefined ? {} : { filter: p.filter }),
        maxPackets: p.maxPackets,
        maxSeconds: p.maxSeconds,
        ...(p.keepPcap === true ? { pcapPath: keep } : {}),
      });
      // Each host's stream is journaled when it ends, its pcap copied beside the journal.
      journal?.captureStarted(p.workspaceId, started, (hostId) => pcaps.get(hostId));
      return Promise.resolve(started);
    },
    'capture:stop': (p) => {
      hub.stop(p.captureId);
      return Promise.resolve(null);
    },
    'capture:ack': (p) => {
      hub.ack(p.streamId, p.packets);
      return Promise.resolve(null);
    },
    'capture:pcap': (p) => {
      const { fileName, data } = hub.pcapFile(p.streamId);
      return Promise.resolve({ fileName, bytes: data.byteLength, data: data.toString('base64') });
    },
  };
}

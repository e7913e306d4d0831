import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import { CaptureHub } from '../capture/capture-hub';
import { listInterfaces } from '../capture/interfaces';
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
      return Promise.resolve(
        hub.start({
          hosts,
          iface: p.iface,
          ...(p.filter === undefined ? {} : { filter: p.filter }),
          maxPackets: p.maxPackets,
          maxSeconds: p.maxSeconds,
          ...(p.keepPcap === true ? { pcapPath: (host) => hub.tempPcapPath(host) } : {}),
        }),
      );
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

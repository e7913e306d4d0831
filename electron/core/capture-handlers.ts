import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import type { EmitEvent } from './stream-hub';
import type { WorkspaceRegistry } from './workspaces';

type CaptureRequest =
  'capture:interfaces' | 'capture:start' | 'capture:stop' | 'capture:ack' | 'capture:pcap';

export type CaptureHandlers = {
  [N in CaptureRequest]: (params: Params<N>) => Promise<Result<N>>;
};

/** The capture requests of one session; its captures end when `closed` aborts. */
export function captureHandlers(
  _registry: WorkspaceRegistry,
  _emit: EmitEvent,
  _closed: AbortSignal,
): CaptureHandlers {
  const notYet = () => Promise.reject(new ApiError('unavailable', 'capture is being built (#7)'));
  return {
    'capture:interfaces': notYet,
    'capture:start': notYet,
    'capture:stop': notYet,
    'capture:ack': notYet,
    'capture:pcap': notYet,
  };
}

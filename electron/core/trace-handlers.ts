import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import { parseTraceFrom, parseTraceTarget } from '../../shared/model/trace';
import { collectTrace } from '../trace/collect';
import { verifyTrace } from '../trace/verify';
import type { WorkspaceRegistry } from './workspaces';

export type TraceHandlers = {
  [N in 'trace:run']: (params: Params<N>) => Promise<Result<N>>;
};

/** `trace:run` over a workspace's hosts: the same collector and verify live as the CLI. */
export function traceHandlers(registry: WorkspaceRegistry): TraceHandlers {
  return {
    'trace:run': async (p) => {
      const from = parseTraceFrom(p.from);
      const to = parseTraceTarget(p.to);
      if (typeof from === 'string') throw new ApiError('invalid-params', from);
      if (typeof to === 'string') throw new ApiError('invalid-params', to);
      const entry = registry.get(p.workspaceId);
      let ctx;
      try {
        ctx = await collectTrace(entry.hosts, from, to);
      } catch (cause) {
        throw new ApiError('not-found', cause instanceof Error ? cause.message : String(cause));
      }
      const verify = p.verify === true ? await verifyTrace(ctx) : null;
      return { trace: ctx.trace, verify };
    },
  };
}

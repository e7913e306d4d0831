/**
 * The one API between the UI and the backend. Every request and event is named here once, with
 * the schema its payload must satisfy; the TypeScript types are derived from the schemas. The
 * Electron preload, the IPC handlers, the serve-mode WebSocket and the renderer's client are all
 * generated from these tables, so a channel name appears nowhere else.
 */
import { z } from 'zod';
import { captureEvents, captureRequests } from './contract-capture';
import { demoRequests } from './contract-demo';
import { kubeProxyEvents, kubeProxyRequests } from './contract-kube-proxy';
import { traceRequests } from './contract-trace';
import { labEvents, labRequests } from './contract-lab';
import { CommandLine, ExecResult, HostError, StreamEnd } from '../model/command';
import { LabOverview } from '../model/lab-overview';
import { Topology } from '../model/topology';
import { PromptAnswer, PromptClosed, PromptId, PromptRequest } from '../model/prompt';
import { SavedHost, SavedWorkspace } from '../model/saved-workspace';
import { ConnectionState, Id, Workspace } from '../model/workspace';

const HostIds = z.array(Id).min(1, 'choose at least one host').max(256);
const StreamId = z.string().regex(/^s[0-9]{1,12}$/, 'not a stream id');
const TerminalId = z.string().regex(/^t[0-9]{1,12}$/, 'not a terminal id');
/** Terminal sizes in character cells; bounded so a hostile client cannot ask for a huge PTY. */
const TerminalCols = z.number().int().min(2).max(1000);
const TerminalRows = z.number().int().min(1).max(500);
/** One write of keystrokes or a paste; larger pastes are sent in several. */
const TerminalInput = z
  .string()
  .min(1)
  .max(64 * 1024);

/** Every request: `domain:verb` → its params and result schemas. */
export const requests = {
  /** The app's version and where the backend runs. */
  'app:info': {
    params: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      transport: z.enum(['electron', 'websocket']),
      platform: z.string(),
    }),
  },
  /** All workspaces with their hosts and connection states. */
  'workspace:list': {
    params: z.object({}).strict(),
    result: z.array(Workspace),
  },
  /** Run one command on several hosts at once and wait for every result. */
  'command:exec': {
    params: z
      .object({
        workspaceId: Id,
        hostIds: HostIds,
        command: CommandLine,
        timeoutMs: z.number().int().min(100).max(600_000).optional(),
      })
      .strict(),
    result: z.array(ExecResult),
  },
  /** Start one command on several hosts; output arrives as `stream:data` events per host. */
  'command:start': {
    params: z.object({ workspaceId: Id, hostIds: HostIds, command: CommandLine }).strict(),
    result: z.object({
      streams: z.array(z.object({ hostId: Id, streamId: StreamId })),
    }),
  },
  /** The consumer has handled `bytes` more of a stream; lets a paused producer go on. */
  'stream:ack': {
    params: z.object({ streamId: StreamId, bytes: z.number().int().positive() }).strict(),
    result: z.null(),
  },
  /** Stop a stream: the command on the host is ended. */
  'stream:cancel': {
    params: z.object({ streamId: StreamId }).strict(),
    result: z.null(),
  },
  /** Nodes → ENIs → IPs → pods, collected now from the workspace's hosts. */
  'lab:overview': {
    params: z.object({ workspaceId: Id }).strict(),
    result: LabOverview,
  },
  /** VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP slot ← pod, peering, operator, Services: collected now. */
  'lab:topology': {
    params: z.object({ workspaceId: Id }).strict(),
    result: Topology,
  },
  // Terminals: interactive shells on PTYs, output as `terminal:data` with ack-based flow control.
  /** Open an interactive shell on a host; output follows as `terminal:data` events. */
  'terminal:open': {
    params: z
      .object({ workspaceId: Id, hostId: Id, cols: TerminalCols, rows: TerminalRows })
      .strict(),
    result: z.object({ terminalId: TerminalId }),
  },
  /** Keystrokes or a paste, exactly as the terminal produced them. */
  'terminal:input': {
    params: z.object({ terminalId: TerminalId, data: TerminalInput }).strict(),
    result: z.null(),
  },
  /** The terminal's view changed size; the PTY follows (SIGWINCH). */
  'terminal:resize': {
    params: z.object({ terminalId: TerminalId, cols: TerminalCols, rows: TerminalRows }).strict(),
    result: z.null(),
  },
  /** The view has written `bytes` more of the terminal's output; lets a paused shell go on. */
  'terminal:ack': {
    params: z.object({ terminalId: TerminalId, bytes: z.number().int().positive() }).strict(),
    result: z.null(),
  },
  /** Hang up: the shell and what it started end; `terminal:exit` follows. */
  'terminal:close': {
    params: z.object({ terminalId: TerminalId }).strict(),
    result: z.null(),
  },
  // SSH workspaces: saved in the user's config directory, edited and imported from the UI.
  /** Saved workspace files that could not be opened (kept aside, never reset). */
  'workspace:problems': {
    params: z.object({}).strict(),
    result: z.array(z.object({ workspaceId: z.string(), file: z.string(), message: z.string() })),
  },
  /** A new, empty SSH workspace. */
  'workspace:create': {
    params: z.object({ id: Id, name: z.string().min(1).max(200) }).strict(),
    result: SavedWorkspace,
  },
  /** An SSH workspace as saved (hosts with port, auth and jump hosts), for editing. */
  'workspace:get': {
    params: z.object({ workspaceId: Id }).strict(),
    result: SavedWorkspace,
  },
  /** Delete an SSH workspace's file; its hosts disappear. */
  'workspace:remove': {
    params: z.object({ workspaceId: Id }).strict(),
    result: z.null(),
  },
  /** Add hosts to an SSH workspace, replacing hosts with the same ids. */
  'host:save': {
    params: z.object({ workspaceId: Id, hosts: z.array(SavedHost).min(1).max(1000) }).strict(),
    result: SavedWorkspace,
  },
  /** Remove a host (refused while another host jumps through it). */
  'host:remove': {
    params: z.object({ workspaceId: Id, hostId: Id }).strict(),
    result: SavedWorkspace,
  },
  /** Hosts to import: from an ssh config, minikube, or the EKS nodes an operator host sees. */
  'host:discover': {
    params: z
      .object({
        workspaceId: Id,
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('ssh-config'), path: z.string().max(4096).optional() }),
          z.object({ kind: z.literal('minikube'), profile: z.string().max(200).optional() }),
          z.object({ kind: z.literal('eks'), operatorHostId: Id }),
        ]),
      })
      .strict(),
    result: z.object({ hosts: z.array(SavedHost), warnings: z.array(z.string()) }),
  },
  /** Connect a host now instead of on its first command; its state follows as host:state. */
  'host:connect': {
    params: z.object({ workspaceId: Id, hostId: Id }).strict(),
    result: z.null(),
  },
  // Prompts: host keys and secrets asked while connecting (see shared/model/prompt.ts).
  /** Answer an open prompt; the first window to answer wins. */
  'prompt:answer': {
    params: z.object({ promptId: PromptId, answer: PromptAnswer }).strict(),
    result: z.null(),
  },
  ...demoRequests,
  ...kubeProxyRequests,
  ...captureRequests,
  ...traceRequests,
  ...labRequests,
} as const;

/** Every event the backend pushes: `domain:verb` → payload schema. */
export const events = {
  /** A chunk of a stream's output (UTF-8 text, stdout and stderr interleaved as they came). */
  'stream:data': z.object({ streamId: StreamId, data: z.string() }),
  /** A stream ended; no more data follows. */
  'stream:end': StreamEnd,
  /** A host's connection state changed. */
  'host:state': z.object({ workspaceId: Id, hostId: Id, state: ConnectionState }),
  /** Terminal output (escape sequences included); acknowledge it with `terminal:ack`. */
  'terminal:data': z.object({ terminalId: TerminalId, data: z.string() }),
  /** A terminal's shell ended (exit, hang-up, or its connection was lost); nothing follows. */
  'terminal:exit': z.object({
    terminalId: TerminalId,
    exitCode: z.number().int().nullable(),
    signal: z.string().optional(),
    error: HostError.optional(),
  }),
  /** A question for the person at the keyboard: trust a host key, or type a secret. */
  'prompt:request': PromptRequest,
  /** A prompt was answered elsewhere, timed out or was cancelled; stop showing it. */
  'prompt:closed': PromptClosed,
  ...captureEvents,
  ...labEvents,
  ...kubeProxyEvents,
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type Params<N extends RequestName> = z.infer<(typeof requests)[N]['params']>;
export type Result<N extends RequestName> = z.infer<(typeof requests)[N]['result']>;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

/** The request names, in declaration order. */
export const requestNames = Object.keys(requests) as RequestName[];
/** The event names, in declaration order. */
export const eventNames = Object.keys(events) as EventName[];

/** `workspace:list` → `workspaceList`: the name of the function that makes a request. */
export function methodName(name: RequestName): string {
  const [domain = '', verb = ''] = name.split(':');
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** Tells whether a string names a request. */
export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

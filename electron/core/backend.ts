import {
  isRequestName,
  requests,
  type Params,
  type RequestName,
  type Result,
} from '../../shared/api/contract';
import { ApiError, describeIssues, type Reply } from '../../shared/api/reply';
import { captureHandlers } from './capture-handlers';
import { collectOverview } from '../collectors/overview';
import { collectTopology } from '../collectors/topology';
import { demoHandlers } from './demo-handlers';
import { kubeProxyHandlers } from './kube-proxy-handlers';
import { execOnHosts } from './fan-out';
import { PromptBroker } from './prompt-broker';
import { StreamHub, type EmitEvent, type FlowLimits } from './stream-hub';
import { TerminalHub } from './terminal-hub';
import { traceHandlers } from './trace-handlers';
import { labHandlers } from './lab-handlers';
import { ClientJournal } from '../lab-session/client-journal';
import type { WorkspaceJournals } from '../lab-session/workspace-journal';
import type { SshWorkspaces } from './ssh-workspaces';
import { workspaceHandlers, type HostDiscovery } from './workspace-handlers';
import type { WorkspaceRegistry } from './workspaces';

type Handlers = { [N in RequestName]: (params: Params<N>) => Promise<Result<N>> };

export interface BackendOptions {
  version: string;
  transport: 'electron' | 'websocket';
  platform: string;
  flow?: FlowLimits;
  /** Where unexpected errors go; they reach the client only as "internal". */
  log?: (message: string) => void;
}

/** What the backend serves beyond the registry; each is optional (the CLI needs none). */
export interface BackendServices {
  /** Asks windows about host keys and secrets; made here unless the SSH pool needs it first. */
  prompts?: PromptBroker;
  ssh?: SshWorkspaces;
  discovery?: HostDiscovery;
  /** Journals the panel's, terminals' and captures' commands (the app's backend has one). */
  journal?: WorkspaceJournals;
}

/**
 * The backend behind every transport. Each client (an Electron window, a browser tab, the CLI)
 * opens its own session: its streams belong to it and end when it closes.
 */
export class Backend {
  /** Host-key and secret questions for whichever windows are open. */
  readonly prompts: PromptBroker;

  constructor(
    readonly workspaces: WorkspaceRegistry,
    private readonly options: BackendOptions,
    private readonly services: BackendServices = {},
  ) {
    this.prompts = services.prompts ?? new PromptBroker();
  }

  openSession(emit: EmitEvent): Session {
    // The journal hears what the client is sent (outputs, ends) through its tap.
    const journal = this.services.journal && new ClientJournal(this.services.journal, emit);
    const out = journal?.tap ?? emit;
    return new Session(
      this.workspaces,
      this.options,
      new StreamHub(out, this.options.flow),
      new TerminalHub(out),
      this.prompts,
      out,
      this.services,
      journal,
    );
  }
}

export class Session {
  private readonly handlers: Handlers;
  private isClosed = false;
  private readonly detachPrompts: () => void;
  private readonly detachHostStates: () => void;
  private readonly closing = new AbortController();

  constructor(
    workspaces: WorkspaceRegistry,
    private readonly options: BackendOptions,
    private readonly streams: StreamHub,
    private readonly terminals: TerminalHub,
    private readonly prompts: PromptBroker,
    emit: EmitEvent,
    services: BackendServices,
    private readonly journal?: ClientJournal,
  ) {
    this.detachPrompts = prompts.attach(emit);
    this.detachHostStates = workspaces.onHostState((workspaceId, hostId, state) =>
      emit('host:state', { workspaceId, hostId, state }),
    );
    this.handlers = {
      ...workspaceHandlers(workspaces, services.ssh, services.discovery),
      ...captureHandlers(workspaces, emit, this.closing.signal, journal),
      ...demoHandlers(workspaces),
      ...kubeProxyHandlers(workspaces, emit, this.closing.signal),
      ...traceHandlers(workspaces),
      ...labHandlers(workspaces, emit, this.closing.signal, undefined, services.journal),
      'app:info': () =>
        Promise.resolve({
          version: options.version,
          transport: options.transport,
          platform: options.platform,
        }),
      'workspace:list': () => Promise.resolve(workspaces.list()),
      'command:exec': async (p) => {
        const at = new Date();
        const results = await execOnHosts(workspaces.hosts(p.workspaceId, p.hostIds), p.command, {
          ...(p.timeoutMs === undefined ? {} : { timeoutMs: p.timeoutMs }),
        });
        journal?.exec(p.workspaceId, p.command, results, at);
        return results;
      },
      'command:start': (p) => {
        const hosts = workspaces.hosts(p.workspaceId, p.hostIds);
        const started = hosts.map((host) => ({
          hostId: host.description.id,
          streamId: this.streams.start(host, p.command),
        }));
        journal?.streamsStarted(p.workspaceId, p.command, started);
        return Promise.resolve({ streams: started });
      },
      'stream:ack': (p) => {
        this.streams.ack(p.streamId, p.bytes);
        return Promise.resolve(null);
      },
      'stream:cancel': (p) => {
        this.streams.cancel(p.streamId);
        return Promise.resolve(null);
      },
      'lab:overview': (p) => {
        const entry = workspaces.get(p.workspaceId);
        return collectOverview(entry.id, entry.hosts);
      },
      'lab:topology': (p) => {
        const entry = workspaces.get(p.workspaceId);
        return collectTopology(entry.id, entry.hosts, entry.topology);
      },
      'terminal:open': async (p) => {
        const [host] = workspaces.hosts(p.workspaceId, [p.hostId]);
        if (host === undefined) throw new ApiError('not-found', `no host ${p.hostId}`);
        const terminalId = await this.terminals.open(host, { cols: p.cols, rows: p.rows });
        journal?.terminalOpened(terminalId, p.workspaceId, p.hostId);
        return { terminalId };
      },
      'terminal:input': (p) => {
        this.terminals.input(p.terminalId, p.data);
        journal?.terminalInput(p.terminalId, p.data);
        return Promise.resolve(null);
      },
      'terminal:resize': (p) => {
        this.terminals.resize(p.terminalId, { cols: p.cols, rows: p.rows });
        return Promise.resolve(null);
      },
      'terminal:ack': (p) => {
        this.terminals.ack(p.terminalId, p.bytes);
        return Promise.resolve(null);
      },
      'terminal:close': (p) => {
        this.terminals.close(p.terminalId);
        return Promise.resolve(null);
      },
      'prompt:answer': (p) => {
        this.prompts.answer(p.promptId, p.answer);
        return Promise.resolve(null);
      },
    };
  }

  /**
   * Validates and answers one request. Whatever arrives — an unknown name, a malformed payload, a
   * failing handler — the answer is a Reply, never a throw.
   */
  async handle(method: unknown, params: unknown): Promise<Reply<unknown>> {
    if (this.isClosed) return fail('unavailable', 'the session is closed');
    if (!isRequestName(method))
      return fail('unknown-request', `unknown request ${describe(method)}`);
    const parsed = requests[method].params.safeParse(params ?? {});
    if (!parsed.success) return fail('invalid-params', describeIssues(parsed.error));
    try {
      const handler = this.handlers[method] as (p: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (cause) {
      if (cause instanceof ApiError) return fail(cause.code, cause.message);
      const message = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
      this.options.log?.(`${method} failed: ${message}`);
      return fail('internal', `${method} failed unexpectedly; see the backend log`);
    }
  }

  /** Ends the session's streams and terminals (and so their remote processes). */
  close(): void {
    this.isClosed = true;
    this.closing.abort();
    this.streams.closeAll();
    this.terminals.closeAll();
    this.journal?.close();
    this.detachPrompts();
    this.detachHostStates();
  }
}

function fail(code: ApiError['code'], message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : `(${typeof value})`;
}

import { useEffect, useState, type FormEvent } from 'react';
import { CAPTURE_DEFAULTS } from '../../../../shared/api/contract-capture';
import type { CaptureInterface } from '../../../../shared/api/contract-capture';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { buildBpf, EMPTY_BPF, type BpfFields } from './bpf-builder';
import { useCaptureRequest } from './capture-request';

/** What the form asks the session to start. */
export interface StartRequest {
  hostIds: string[];
  ifaces: string[];
  filter: string;
  maxPackets: number;
  maxSeconds: number;
  keepPcap: boolean;
}

type StartFormProps = {
  workspace: Workspace;
  vethNames: ReadonlyMap<string, string>;
  isRunning: boolean;
  onStart: (request: StartRequest) => Promise<string | undefined>;
  onStop: () => void;
};

/** Interfaces of the chosen hosts, merged by name: `ens5` on three nodes is one choice. */
function useInterfaces(workspaceId: string, hostIds: readonly string[]) {
  const { api } = useBackend();
  const [ifaces, setIfaces] = useState<Map<string, CaptureInterface[]>>(new Map());
  const key = hostIds.join(',');
  useEffect(() => {
    let isCurrent = true;
    const ids = key === '' ? [] : key.split(',');
    void Promise.all(ids.map((hostId) => api.captureInterfaces({ workspaceId, hostId }))).then(
      (replies) => {
        if (!isCurrent) return;
        const byName = new Map<string, CaptureInterface[]>();
        for (const r of replies)
          if (r.ok)
            for (const i of r.value.interfaces)
              byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
        setIfaces(byName);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, workspaceId, key]);
  return ifaces;
}

/** The capture panel's start form: hosts × interfaces, a filter builder, and the limits. */
export function StartForm({ workspace, vethNames, isRunning, onStart, onStop }: StartFormProps) {
  const nodes = workspace.hosts.filter((h) => h.role === 'node').map((h) => h.id);
  const [hostIds, setHostIds] = useState<string[]>(nodes);
  const [chosen, setChosen] = useState<string[]>(['any']);
  const [bpf, setBpf] = useState<BpfFields>(EMPTY_BPF);
  const [maxPackets, setMaxPackets] = useState(String(CAPTURE_DEFAULTS.maxPackets));
  const [maxSeconds, setMaxSeconds] = useState(String(CAPTURE_DEFAULTS.maxSeconds));
  const [keepPcap, setKeepPcap] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // "Capture here" from the topology: take its host and interface once per request.
  const request = useCaptureRequest((state) => state.request);
  const [takenAt, setTakenAt] = useState(0);
  if (request !== null && request.at !== takenAt) {
    setTakenAt(request.at);
    setHostIds([request.hostId]);
    setChosen([request.iface]);
  }
  const ifaces = useInterfaces(workspace.id, hostIds);
  const built = buildBpf(bpf);

  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!built.ok) return;
    setError(null);
    const problem = await onStart({
      hostIds,
      ifaces: chosen,
      filter: built.filter,
      maxPackets: Number(maxPackets),
      maxSeconds: Number(maxSeconds),
      keepPcap,
    });
    if (problem !== undefined) setError(problem);
  }

  const field = (name: keyof BpfFields, label: string, placeholder: string) => (
    <label className="capture-form__field">
      <span className="field-label">{label}</span>
      <input
        className="mono"
        value={bpf[name]}
        placeholder={placeholder}
        onChange={(e) => setBpf({ ...bpf, [name]: e.target.value })}
        aria-label={`Capture filter ${label}`}
      />
    </label>
  );

  return (
    <form className="capture-form" onSubmit={(e) => void submit(e)} aria-label="Start a capture">
      <div className="capture-form__row" role="group" aria-label="Hosts">
        <span className="field-label">Hosts</span>
        {workspace.hosts.map((h) => (
          <label key={h.id} className="check-chip" data-checked={hostIds.includes(h.id)}>
            <input
              type="checkbox"
              checked={hostIds.includes(h.id)}
              onChange={() => setHostIds(toggle(hostIds, h.id))}
              data-testid={`capture-host-${h.id}`}
            />
            <span>{h.name}</span>
          </label>
        ))}
      </div>
      <div className="capture-form__row" role="group" aria-label="Interfaces">
        <span className="field-label">Interfaces</span>
        {['any', ...[...ifaces.keys()].filter((n) => n !== 'any').sort()].map((name) => {
          const on = ifaces.get(name)?.length ?? hostIds.length;
          const pod = vethNames.get(name);
          return (
            <label
              key={name}
              className="check-chip"
              data-checked={chosen.includes(name)}
              title={
                name === 'any'
                  ? 'every interface (shows each packet’s interface)'
                  : `on ${on} of ${hostIds.length} hosts`
              }
            >
              <input
                type="checkbox"
                checked={chosen.includes(name)}
                onChange={() => setChosen(toggle(chosen, name))}
                data-testid={`capture-iface-${name}`}
              />
              <span className="mono">{name}</span>
              {pod !== undefined && <span className="capture-form__pod">{pod}</span>}
            </label>
          );
        })}
      </div>
      <div className="capture-form__row">
        {field('host', 'host', '10.100.0.10')}
        {field('port', 'port', '80')}
        <label className="capture-form__field">
          <span className="field-label">proto</span>
          <select
            value={bpf.proto}
            onChange={(e) => setBpf({ ...bpf, proto: e.target.value as BpfFields['proto'] })}
            aria-label="Capture filter protocol"
          >
            {['', 'tcp', 'udp', 'icmp', 'arp'].map((p) => (
              <option key={p} value={p}>
                {p === '' ? 'any' : p}
              </option>
            ))}
          </select>
        </label>
        {field('net', 'net', '192.168.0.0/16')}
        {field('raw', 'BPF', 'not port 22')}
      </div>
      <div className="capture-form__row">
        <label className="capture-form__field capture-form__field--small">
          <span className="field-label">max packets</span>
          <input
            type="number"
            min={1}
            value={maxPackets}
            onChange={(e) => setMaxPackets(e.target.value)}
          />
        </label>
        <label className="capture-form__field capture-form__field--small">
          <span className="field-label">max seconds</span>
          <input
            type="number"
            min={1}
            value={maxSeconds}
            onChange={(e) => setMaxSeconds(e.target.value)}
          />
        </label>
        <label className="check-chip" data-checked={keepPcap}>
          <input type="checkbox" checked={keepPcap} onChange={() => setKeepPcap(!keepPcap)} />
          <span>keep pcap</span>
        </label>
        <code className="capture-form__bpf" title="the tcpdump filter">
          {built.ok ? `tcpdump -i … ${built.filter}` : built.message}
        </code>
        <button
          type="submit"
          className="button button--primary"
          disabled={!built.ok || hostIds.length === 0 || chosen.length === 0}
        >
          Start capture
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={!isRunning}
          onClick={onStop}
        >
          Stop
        </button>
      </div>
      {error !== null && (
        <p className="capture-form__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

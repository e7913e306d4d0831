import { useState } from 'react';
import type { Params } from '../../../../shared/api/contract';
import type { SavedHost } from '../../../../shared/model/saved-workspace';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { loadWorkspaces } from '../../app/loaders';
import { Modal } from '../../ui/Modal';

type Source = Params<'host:discover'>['source'];
type Found = { hosts: SavedHost[]; warnings: string[] };

/**
 * Finds hosts to add: the concrete hosts of an ssh config (ProxyJump becomes jump hosts), a
 * minikube profile's nodes, or the EKS nodes `kubectl get nodes` lists on an operator host.
 */
export function ImportDialog({
  workspace,
  onClose,
}: {
  workspace: Workspace;
  onClose: () => void;
}) {
  const backend = useBackend();
  const operators = workspace.hosts.filter((h) => h.role === 'operator');
  const [kind, setKind] = useState<Source['kind']>('ssh-config');
  const [path, setPath] = useState('');
  const [profile, setProfile] = useState('');
  const [operatorId, setOperatorId] = useState(operators[0]?.id ?? '');
  const [found, setFound] = useState<Found | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const existing = new Set(workspace.hosts.map((h) => h.id));

  const source = (): Source =>
    kind === 'ssh-config'
      ? { kind, ...(path.trim() && { path: path.trim() }) }
      : kind === 'minikube'
        ? { kind, ...(profile.trim() && { profile: profile.trim() }) }
        : { kind, operatorHostId: operatorId };

  const discover = async () => {
    setBusy(true);
    setError(null);
    const reply = await backend.api.hostDiscover({ workspaceId: workspace.id, source: source() });
    setBusy(false);
    if (!reply.ok) return setError(reply.error.message);
    setFound(reply.value);
    setChosen(new Set(reply.value.hosts.map((h) => h.id)));
  };

  const importChosen = async () => {
    if (found === null) return;
    const hosts = found.hosts.filter((h) => chosen.has(h.id));
    setBusy(true);
    const reply = await backend.api.hostSave({ workspaceId: workspace.id, hosts });
    setBusy(false);
    if (!reply.ok) return setError(reply.error.message);
    await loadWorkspaces(backend);
    onClose();
  };

  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Modal title="Import hosts" onClose={onClose} wide testId="import-dialog">
      <div className="form-grid">
        <label htmlFor="import-kind">From</label>
        <select
          id="import-kind"
          className="form-select"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as Source['kind']);
            setFound(null);
          }}
        >
          <option value="ssh-config">an ssh config file</option>
          <option value="minikube">minikube</option>
          <option value="eks" disabled={operators.length === 0}>
            EKS nodes seen from an operator host
          </option>
        </select>
        {kind === 'ssh-config' && (
          <>
            <label htmlFor="import-path">File</label>
            <input
              id="import-path"
              className="form-input mono"
              placeholder="~/.ssh/config"
              value={path}
              spellCheck={false}
              onChange={(event) => setPath(event.target.value)}
            />
          </>
        )}
        {kind === 'minikube' && (
          <>
            <label htmlFor="import-profile">Profile</label>
            <input
              id="import-profile"
              className="form-input mono"
              placeholder="all profiles"
              value={profile}
              onChange={(event) => setProfile(event.target.value)}
            />
          </>
        )}
        {kind === 'eks' && (
          <>
            <label htmlFor="import-operator">Operator</label>
            <select
              id="import-operator"
              className="form-select"
              value={operatorId}
              onChange={(event) => setOperatorId(event.target.value)}
            >
              {operators.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name} ({h.address})
                </option>
              ))}
            </select>
            <p className="form-hint">runs kubectl get nodes -o json there; nodes jump through it</p>
          </>
        )}
      </div>
      <div className="form-actions">
        <button type="button" className="button" disabled={isBusy} onClick={() => void discover()}>
          Find hosts
        </button>
      </div>
      {found !== null && (
        <>
          {found.warnings.length > 0 && (
            <ul className="import-warnings">
              {found.warnings.map((w) => (
                <li key={w} className="inline-error">
                  {w}
                </li>
              ))}
            </ul>
          )}
          {found.hosts.length === 0 ? (
            <p className="sidebar__empty">No hosts found.</p>
          ) : (
            <ul className="choice-list" aria-label="Hosts found">
              {found.hosts.map((h) => (
                <li key={h.id}>
                  <input
                    type="checkbox"
                    aria-label={`Import ${h.id}`}
                    checked={chosen.has(h.id)}
                    onChange={() => toggle(h.id)}
                  />
                  <span className="mono">{h.id}</span>
                  <span className="choice-list__meta mono">
                    {h.user}@{h.address}
                    {h.port === 22 ? '' : `:${h.port}`}
                    {h.jumps.length > 0 && ` via ${h.jumps.join(' → ')}`}
                  </span>
                  {existing.has(h.id) && <span className="badge badge--warn">replaces</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error !== null && <p className="inline-error">{error}</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={isBusy || found === null || chosen.size === 0}
          onClick={() => void importChosen()}
        >
          Import {chosen.size > 0 ? chosen.size : ''} hosts
        </button>
      </div>
    </Modal>
  );
}

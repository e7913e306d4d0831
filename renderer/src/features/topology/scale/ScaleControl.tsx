import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { DEMO_MAX_REPLICAS, type DemoDeployment } from '../../../../../shared/api/contract-demo';
import type { Topology } from '../../../../../shared/model/topology';
import { useBackend } from '../../../api/useBackend';
import {
  clampReplicas,
  deploymentKey,
  pickDeployment,
  podPhases,
  scaleSummary,
} from './scale-view';
import './scale.css';

/**
 * Scale a demo Deployment from the Topology view: the same `kubectl scale` the operator host's
 * terminal runs, so the graph and the ENI timeline show the simulated VPC CNI at work. The
 * Deployments' ready counts are read again with each topology poll.
 */
export function ScaleControl({
  workspaceId,
  topology,
  onScaled,
}: {
  workspaceId: string;
  topology: Topology | null;
  onScaled: () => void;
}) {
  const backend = useBackend();
  const [deployments, setDeployments] = useState<DemoDeployment[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  /** What the user typed; null while it follows the Deployment's desired replicas. */
  const [draft, setDraft] = useState<string | null>(null);
  /** Why listing the Deployments or the last scale failed (each cleared by its next success). */
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const collectedAt = topology?.collectedAt;

  useEffect(() => {
    let isCurrent = true;
    void backend.api.demoDeployments({ workspaceId }).then((reply) => {
      if (!isCurrent) return;
      setLoadError(reply.ok ? null : reply.error.message);
      if (reply.ok) setDeployments(reply.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [backend, workspaceId, collectedAt]);

  const selected = pickDeployment(deployments, chosen);
  const value = draft ?? String(selected?.desired ?? '');
  const replicas = clampReplicas(Number(value === '' ? Number.NaN : value), DEMO_MAX_REPLICAS);
  const step = (by: number) => {
    const base = Number.isNaN(replicas) ? (selected?.desired ?? 0) : replicas;
    setDraft(String(clampReplicas(base + by, DEMO_MAX_REPLICAS)));
  };

  const submit = useCallback(
    (event: FormEvent) => {
      event.preventDefault();
      if (selected === undefined || Number.isNaN(replicas)) return;
      setIsBusy(true);
      void backend.api
        .demoScale({
          workspaceId,
          namespace: selected.namespace,
          deployment: selected.name,
          replicas,
        })
        .then((reply) => {
          setIsBusy(false);
          if (!reply.ok) {
            setError(reply.error.message);
            return;
          }
          setError(null);
          setDraft(null);
          setDeployments((list) =>
            list.map((d) => (deploymentKey(d) === deploymentKey(reply.value) ? reply.value : d)),
          );
          onScaled();
        });
    },
    [backend, workspaceId, selected, replicas, onScaled],
  );

  if (selected === undefined) {
    return loadError === null ? null : (
      <p className="inline-error" role="alert">
        Cannot list the demo’s Deployments: {loadError}
      </p>
    );
  }
  const { pending } = podPhases(topology?.pods ?? [], selected);
  const isChanged = !Number.isNaN(replicas) && replicas !== selected.desired;
  return (
    <form className="scale-control" onSubmit={submit} data-testid="scale-control">
      <span className="scale-control__title">Scale</span>
      <select
        className="select"
        aria-label="Deployment"
        value={deploymentKey(selected)}
        onChange={(e) => {
          setChosen(e.target.value);
          setDraft(null);
        }}
      >
        {deployments.map((d) => (
          <option key={deploymentKey(d)} value={deploymentKey(d)}>
            {d.name} ({d.namespace})
          </option>
        ))}
      </select>
      <span className="scale-control__stepper">
        <button
          type="button"
          className="button scale-control__step"
          aria-label="One replica fewer"
          disabled={replicas <= 0}
          onClick={() => step(-1)}
        >
          −
        </button>
        <input
          className="scale-control__replicas mono"
          type="number"
          aria-label="Replicas"
          min={0}
          max={DEMO_MAX_REPLICAS}
          step={1}
          value={value}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button
          type="button"
          className="button scale-control__step"
          aria-label="One replica more"
          disabled={replicas >= DEMO_MAX_REPLICAS}
          onClick={() => step(1)}
        >
          +
        </button>
      </span>
      <button
        type="submit"
        className={`button${isChanged ? ' button--primary' : ''}`}
        disabled={isBusy || !isChanged}
        title={`kubectl scale deployment ${selected.name} -n ${selected.namespace} --replicas ${Number.isNaN(replicas) ? 'N' : replicas} on the operator host`}
      >
        Scale
      </button>
      <span className="scale-control__state" data-testid="scale-state" aria-live="polite">
        {scaleSummary(selected, pending)}
      </span>
      {(error ?? loadError) !== null && (
        <span className="scale-control__error" role="alert">
          {error ?? loadError}
        </span>
      )}
    </form>
  );
}

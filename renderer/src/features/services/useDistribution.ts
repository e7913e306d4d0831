import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  DistributionSample,
  DistributionTarget,
  TrafficState,
} from '../../../../shared/api/contract-kube-proxy';
import { useBackend } from '../../api/useBackend';
import { appendRead, toRead, type CounterRead } from './distribution';

export const POLL_MS = 1_000;

/** Where the built-in traffic loop sends requests from and to. */
export interface TrafficPlan {
  from: { namespace: string; pod: string };
  to: { ip: string; port: number };
  ratePerSecond: number;
}

/**
 * The live distribution of one Service port on one host: zero the counters, optionally start
 * the built-in traffic loop, poll the counters every second, stop (which stops the loop too).
 * Unmounting stops everything it started; the caller keys it by host and Service.
 */
export function useDistribution(
  workspaceId: string,
  hostId: string,
  target: DistributionTarget | null,
) {
  const { api } = useBackend();
  const [reads, setReads] = useState<CounterRead[]>([]);
  const [sample, setSample] = useState<DistributionSample | null>(null);
  const [traffic, setTraffic] = useState<TrafficState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isRunning, setRunning] = useState(false);
  const trafficId = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const isOn = useRef(false);
  const targetKey = JSON.stringify(target);

  useEffect(
    () =>
      api.on('kubeproxy:traffic', (state) => {
        if (state.trafficId === trafficId.current) setTraffic(state);
      }),
    [api],
  );

  const stop = useCallback(async () => {
    isOn.current = false;
    clearTimeout(timer.current);
    setRunning(false);
    const id = trafficId.current;
    trafficId.current = null;
    if (id !== null) {
      const reply = await api.kubeproxyTraffic({ action: 'stop', trafficId: id });
      if (reply.ok) setTraffic(reply.value);
    }
  }, [api]);

  const start = useCallback(
    async (plan: TrafficPlan | null) => {
      if (target === null) return;
      await stop();
      setError(null);
      setReads([]);
      setSample(null);
      setTraffic(null);
      const zeroed = await api.kubeproxyZero({ workspaceId, hostId, target });
      if (!zeroed.ok) return setError(zeroed.error.message);
      isOn.current = true;
      setRunning(true);
      const poll = async () => {
        const reply = await api.kubeproxyCounters({ workspaceId, hostId, target });
        if (!isOn.current) return;
        if (reply.ok) {
          setSample(reply.value);
          setReads((r) => appendRead(r, toRead(reply.value)));
        } else setError(reply.error.message);
        timer.current = setTimeout(() => void poll(), POLL_MS);
      };
      await poll();
      if (plan !== null && isOn.current) {
        const started = await api.kubeproxyTraffic({ action: 'start', workspaceId, ...plan });
        if (started.ok) {
          trafficId.current = started.value.trafficId;
          setTraffic(started.value);
        } else setError(`traffic: ${started.error.message}`);
      }
    },
    [api, workspaceId, hostId, target, stop],
  );

  // Leaving (the panel is keyed by host and Service) stops what this panel started.
  useEffect(() => () => void stop(), [targetKey, workspaceId, hostId, stop]);

  return { reads, sample, traffic, error, isRunning, start, stop };
}

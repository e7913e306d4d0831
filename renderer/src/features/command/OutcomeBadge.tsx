import { hostErrorLabel } from '../../../../shared/model/command';
import { Badge } from '../../ui/Badge';
import type { Outcome } from './run-model';

/**
 * Exit 0 green, anything else red; signals and host errors say what happened. A running
 * output has no badge: its header shows a spinner instead.
 */
export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'running':
      return null;
    case 'stopping':
      return <Badge tone="warn">stopping…</Badge>;
    case 'exit':
      return (
        <Badge tone={outcome.isSuccess ? 'ok' : 'error'} title={`exit status ${outcome.code}`}>
          exit {outcome.code}
        </Badge>
      );
    case 'signal':
      return (
        <Badge tone="warn" title="ended by a signal">
          {outcome.signal.startsWith('SIG') ? outcome.signal : `SIG${outcome.signal}`}
        </Badge>
      );
    case 'error':
      return (
        <Badge tone={outcome.code === 'cancelled' ? 'warn' : 'error'} title={outcome.message}>
          {hostErrorLabel(outcome.code)}
        </Badge>
      );
  }
}

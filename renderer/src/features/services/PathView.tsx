import { useMemo } from 'react';
import type { ExplainedService, HostServices } from '../../../../shared/api/contract-kube-proxy';
import { iptablesPath, type PathStep } from './iptables-path';
import { ruleSourceFromCited } from './rule-source';

/** One rule line as the host printed it, with its note (and the ladder's numbers). */
function RuleRow({ rule }: { rule: PathStep['rules'][number] }) {
  return (
    <li className={`path__rule${rule.isOnPath ? '' : ' path__rule--context'}`}>
      <code className="path__raw" title={`line ${rule.line}`}>
        {rule.raw}
      </code>
      {rule.note.note !== '' && <p className="path__note">{rule.note.note}</p>}
      {rule.ladder !== undefined && <p className="path__note path__ladder">{rule.ladder}</p>}
    </li>
  );
}

/**
 * The iptables-mode path of a new connection to the Service: each chain it passes with the rule
 * lines as the host printed them and what each does.
 */
export function PathView({ explained, host }: { explained: ExplainedService; host: HostServices }) {
  const steps = useMemo(() => {
    const source = ruleSourceFromCited([
      ...explained.cited,
      ...explained.masquerade,
      ...(explained.path ?? []),
      ...(host.sharedPath ?? []),
    ]);
    return iptablesPath(explained.service, source);
  }, [explained, host.sharedPath]);
  return (
    <ol className="path" data-testid="iptables-path">
      {steps.map((step, i) => (
        <li key={step.id} className="path__step" data-step={step.id}>
          <div className="path__head">
            <span className="path__index">{i + 1}</span>
            <h4 className="path__title mono">{step.title}</h4>
          </div>
          <p className="path__explain">{step.explain}</p>
          {step.rules.length === 0 ? (
            <p className="services__hint">The host’s reply did not include these rule lines.</p>
          ) : (
            <ul className="path__rules">
              {step.rules.map((rule) => (
                <RuleRow key={`${rule.line}:${rule.raw}`} rule={rule} />
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

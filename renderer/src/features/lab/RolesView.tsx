import { Fragment } from 'react';
import type { Runbook } from '../../../../shared/model/runbook/schema';
import type { Workspace } from '../../../../shared/model/workspace';

/**
 * What the runbook needs, resolved to the workspace's hosts: the operator, the nodes (enough of
 * them?) and the pods it finds by selector. Once a session started, the hosts it journaled.
 */
export function RolesView(props: {
  runbook: Runbook;
  workspace: Workspace;
  journaled: readonly { id: string; role: string; address: string }[];
}) {
  const { runbook, workspace, journaled } = props;
  const hosts =
    journaled.length > 0
      ? journaled.map((h) => ({
          id: h.id,
          role: h.role,
          name: workspace.hosts.find((w) => w.id === h.id)?.name ?? h.id,
        }))
      : workspace.hosts;
  const operators = hosts.filter((h) => h.role === 'operator');
  const nodes = hosts.filter((h) => h.role === 'node');
  const { requires } = runbook;
  return (
    <dl className="lab__roles" data-testid="lab-roles">
      {requires.operator && (
        <>
          <dt>operator</dt>
          <dd className={operators.length === 0 ? 'is-missing' : undefined}>
            {operators.length === 0
              ? 'none in this workspace'
              : operators.map((h) => h.name).join(', ')}
          </dd>
        </>
      )}
      {(requires.nodes > 0 || nodes.length > 0) && (
        <>
          <dt>nodes</dt>
          <dd className={nodes.length < requires.nodes ? 'is-missing' : undefined}>
            {nodes.map((h) => h.name).join(', ') || 'none'}
            {requires.nodes > 0 && ` (needs ${requires.nodes})`}
          </dd>
        </>
      )}
      {requires.pods.map((p) => (
        <Fragment key={p.name}>
          <dt>{p.name}</dt>
          <dd>
            pods <code>{p.selector}</code> in {p.namespace}, at least {p.min}
            {p.nodes !== undefined ? ` on ${p.nodes} nodes` : ''} (found with kubectl on the
            operator)
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

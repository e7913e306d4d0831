import { formatClock } from '../../lib/format';
import type { OutsideItem } from './lab-view';
import { Command } from './StepCard';

/**
 * Commands journaled outside the runbook's steps — the whole of a workspace journal: what the
 * command panel, terminals and captures ran, with the notes the journal made between them.
 */
export function OutsideCommands(props: {
  items: readonly OutsideItem[];
  title: string;
  hostNames: ReadonlyMap<string, string>;
}) {
  const { items, title, hostNames } = props;
  return (
    <section className="lab__step" data-testid="lab-outside" aria-label={title}>
      <header className="lab__step-head">
        <h4 className="lab__step-title">{title}</h4>
      </header>
      {items.length === 0 && <p className="lab__dim">Nothing journaled yet.</p>}
      {items.map((item) =>
        item.kind === 'command' ? (
          <Command
            key={`c${item.view.key}`}
            view={item.view}
            hostName={hostNames.get(item.view.entry.hostId) ?? item.view.entry.hostId}
          />
        ) : (
          <blockquote key={`n${item.at}${item.text}`} className="lab__note">
            {formatClock(item.at)} — {item.text}
          </blockquote>
        ),
      )}
    </section>
  );
}

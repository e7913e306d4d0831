import type { DiffHunk } from '../../../../shared/model/fan-out';
import { diffRows } from './fan-out-rows';
import { RowsView } from './RowsView';

const MARKS = { context: ' ', added: '+', removed: '-' } as const;

/** A group's output as a unified diff against the majority, with both line numbers. */
export function DiffView({ hunks, label }: { hunks: readonly DiffHunk[]; label: string }) {
  const rows = diffRows(hunks);
  return (
    <RowsView
      count={rows.length}
      label={label}
      renderRow={(index) => {
        const row = rows[index];
        if (row === undefined) return null;
        if (row.kind === 'hunk') return <span className="diff diff--hunk">{row.text}</span>;
        return (
          <span className={`diff diff--${row.kind}`} data-kind={row.kind}>
            <span className="diff__num">{row.oldLine ?? ''}</span>
            <span className="diff__num">{row.newLine ?? ''}</span>
            <span className="diff__mark">{MARKS[row.kind]}</span>
            <span className="diff__text">{row.text}</span>
          </span>
        );
      }}
    />
  );
}

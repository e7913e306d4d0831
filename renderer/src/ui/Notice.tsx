import type { ReactNode } from 'react';
import { Spinner } from './Spinner';

type NoticeProps = {
  kind: 'empty' | 'loading' | 'error';
  title: string;
  children?: ReactNode;
  onRetry?: () => void;
};

/** The empty, loading and error states every view has instead of a blank area. */
export function Notice({ kind, title, children, onRetry }: NoticeProps) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div className="notice__title">
        {kind === 'loading' && <Spinner />}
        {title}
      </div>
      {children !== undefined && <div className="notice__body">{children}</div>}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A small busy indicator; the text beside it (or `label`) is what screen readers get. */
export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role={label === undefined ? undefined : 'status'}>
      <span className="spinner__ring" aria-hidden="true" />
      {label !== undefined && <span className="sr-only">{label}</span>}
    </span>
  );
}

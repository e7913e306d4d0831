import { useState } from 'react';
import { useBackend } from '../../api/useBackend';
import { HIGHLIGHT_MS } from '../topology/cy-apply';
import type { GraphHandle } from '../topology/GraphView';
import { graphPngBase64 } from './LabGraph';
import { inlineImages } from './markdown';
import { Markdown } from './Markdown';

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function base64Blob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/**
 * The session's Markdown report: Export sends the graph as shown (a PNG for the step it shows)
 * to the backend, which keeps it beside the journal, then previews the report with its images;
 * the .md downloads with the pictures inlined, the bundle as `kubelab lab export` zips it.
 */
export function ReportView(props: {
  sessionId: string;
  graphStep: number | undefined;
  graphCaption: string;
  handleRef: { current: GraphHandle | null };
  /** When the graph last changed (ms): the picture waits for its highlight to fade. */
  graphChangedAt: { current: number };
}) {
  const { sessionId, graphStep, graphCaption, handleRef, graphChangedAt } = props;
  const backend = useBackend();
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportReport = async () => {
    setBusy('Exporting the report…');
    setError(null);
    try {
      const settle = graphChangedAt.current + HIGHLIGHT_MS + 100 - Date.now();
      if (settle > 0) {
        setBusy('Waiting for the graph’s highlights to fade…');
        await new Promise((resolve) => setTimeout(resolve, settle));
      }
      const handle = handleRef.current;
      if (handle !== null) {
        const png = await graphPngBase64(handle);
        const sent = await backend.api.labImage({
          sessionId,
          png,
          caption: graphCaption,
          ...(graphStep !== undefined ? { step: graphStep } : {}),
        });
        if (!sent.ok) throw new Error(sent.error.message);
      }
      const reply = await backend.api.labExport({ sessionId });
      if (!reply.ok) throw new Error(reply.error.message);
      setMarkdown(inlineImages(reply.value.markdown, reply.value.images));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(null);
    }
  };

  const downloadBundle = async () => {
    setBusy('Zipping the bundle…');
    setError(null);
    const reply = await backend.api.labBundle({ sessionId });
    setBusy(null);
    if (!reply.ok) return setError(reply.error.message);
    download(reply.value.name, base64Blob(reply.value.zip, 'application/zip'));
  };

  return (
    <section className="lab__report" data-testid="lab-report" aria-label="Report">
      <div className="lab__report-bar">
        <h3 className="lab__heading">Report</h3>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void exportReport()}
          disabled={busy !== null}
          title="Sends the graph as shown to the journal and builds the Markdown report"
        >
          Export report
        </button>
        {markdown !== null && (
          <>
            <button
              type="button"
              className="button"
              onClick={() =>
                download(`${sessionId}.md`, new Blob([markdown], { type: 'text/markdown' }))
              }
            >
              Download .md
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void downloadBundle()}
              disabled={busy !== null}
            >
              Download bundle (.zip)
            </button>
          </>
        )}
        {busy !== null && <span className="lab__dim">{busy}</span>}
      </div>
      <p className="lab__dim">
        The graph goes in as shown beside the runner
        {graphStep !== undefined ? ` (after step ${graphStep + 1})` : ''}: pick a step to picture
        another moment.
      </p>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {markdown !== null && (
        <div className="lab__report-preview">
          <Markdown text={markdown} testId="lab-report-preview" />
        </div>
      )}
    </section>
  );
}

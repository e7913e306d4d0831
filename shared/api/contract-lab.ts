/**
 * Lab sessions over the API, for a runner in the UI: list the shipped runbooks, start one (all
 * steps or some) on a workspace, follow it as journal entries arrive, cancel it, read its journal
 * back and export its report. The journal on disk is the same one `kubelab lab run` writes.
 */
import { z } from 'zod';
import { JournalEntry } from '../model/runbook/journal';
import { Runbook } from '../model/runbook/schema';
import { Id } from '../model/workspace';

/** A runbook's id: its file name in runbooks/ without `.yaml`. */
export const RunbookId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a runbook file name');

/** A lab session's id, made by the backend. */
export const LabSessionId = z.string().regex(/^lab-[0-9a-z-]{1,64}$/);

export const RunbookSummary = z.object({
  id: RunbookId,
  title: z.string(),
  steps: z.array(z.string()),
  /** Set when the file does not load: `file:line:col field: message` lines. */
  errors: z.array(z.string()).optional(),
});
export type RunbookSummary = z.infer<typeof RunbookSummary>;

/** A journal on disk: the session it came from, for a list to replay. */
export const LabSessionSummary = z.object({
  sessionId: LabSessionId,
  title: z.string(),
  /** The runbook file it ran (`eni-growth`), when journaled. */
  runbookId: z.string().optional(),
  target: z.string(),
  startedAt: z.string(),
  /** Still running in this backend. */
  isRunning: z.boolean(),
  /** Absent while running or when the run was killed before its end. */
  ok: z.boolean().optional(),
  /** `workspace`: the ad-hoc journal of commands run in the workspace outside a runbook. */
  scope: z.enum(['runbook', 'workspace']).optional(),
});
export type LabSessionSummary = z.infer<typeof LabSessionSummary>;

const Problems = z.array(z.object({ line: z.number().int(), message: z.string() }));

export const labRequests = {
  /** The runbooks shipped in runbooks/, each with its title and step titles (or its errors). */
  'lab:runbooks': { params: z.object({}).strict(), result: z.array(RunbookSummary) },
  /** One runbook in full (intro, steps with explanations, commands and checks). */
  'lab:runbook': { params: z.object({ id: RunbookId }).strict(), result: Runbook },
  /**
   * Runs a runbook on a workspace in the background; its journal entries arrive as `lab:entry`
   * events, the last one `session-end`. `steps` (0-based) runs only those, in order.
   */
  'lab:start': {
    params: z
      .object({
        workspaceId: Id,
        runbookId: RunbookId,
        steps: z.array(z.number().int().nonnegative()).max(100).optional(),
        variables: z
          .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(1000))
          .optional(),
      })
      .strict(),
    result: z.object({ sessionId: LabSessionId, journalDir: z.string() }),
  },
  /** Stops a running session after the command in flight (its step is journaled as failed). */
  'lab:cancel': { params: z.object({ sessionId: LabSessionId }).strict(), result: z.null() },
  /** A session's journal as written so far (also after a crash: torn lines are problems). */
  'lab:journal': {
    params: z.object({ sessionId: LabSessionId }).strict(),
    result: z.object({
      entries: z.array(JournalEntry),
      problems: Problems,
      isTornTail: z.boolean(),
    }),
  },
  /** The session's Markdown report, as `kubelab lab export` writes it. */
  'lab:report': {
    params: z.object({ sessionId: LabSessionId }).strict(),
    result: z.object({ markdown: z.string() }),
  },
  /** Sessions whose journals are on disk (newest first), for replay without a cluster. */
  'lab:sessions': { params: z.object({}).strict(), result: z.array(LabSessionSummary) },
  /** Appends a note (for a step, or the session) to the journal; it arrives as `lab:entry`. */
  'lab:note': {
    params: z
      .object({
        sessionId: LabSessionId,
        step: z.number().int().nonnegative().optional(),
        text: z.string().min(1).max(20_000),
      })
      .strict(),
    result: z.null(),
  },
  /**
   * Keeps a PNG of the graph (exported by the UI) beside the journal as `images/step-N.png` and
   * journals it once, so the report and bundle embed it; sending it again replaces the picture.
   */
  'lab:image': {
    params: z
      .object({
        sessionId: LabSessionId,
        step: z.number().int().nonnegative().optional(),
        /** Base64 PNG; bounded to fit one API frame. */
        png: z
          .string()
          .max(900_000)
          .regex(/^[A-Za-z0-9+/]+=*$/),
        caption: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({ file: z.string() }),
  },
  /** The report with the images it references (base64 by `images/…` path), for a preview. */
  'lab:export': {
    params: z.object({ sessionId: LabSessionId }).strict(),
    result: z.object({ markdown: z.string(), images: z.record(z.string(), z.string()) }),
  },
  /** The zip bundle (report, journal, images, pcaps, snapshots) as `kubelab lab export` makes it. */
  'lab:bundle': {
    params: z.object({ sessionId: LabSessionId }).strict(),
    result: z.object({ name: z.string(), zip: z.string() }),
  },
} as const;

export const labEvents = {
  /** One journal entry of a running session, as it was written. */
  'lab:entry': z.object({ sessionId: LabSessionId, entry: JournalEntry }),
  /**
   * A journal could not be written (disk full, read-only folder): sent once per session, the
   * commands themselves go on unjournaled.
   */
  'lab:journal-warning': z.object({
    workspaceId: z.string(),
    sessionId: LabSessionId,
    message: z.string(),
  }),
} as const;

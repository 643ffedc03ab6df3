/**
 * The body of `POST /report/<host>`: `{"phase": P, "message": "...", "components": {...}}`.
 * `phase` is required and one of the five; `message` a string (default empty); `components` an
 * object (default empty; e.g. `{"etcd": "healthy", "kubelet": "active"}`, or for a failure the
 * failing unit and its journal lines). Other keys are ignored, so a newer host script still
 * reports to an older serve. The size bound (MAX_REPORT_BYTES) is the handler's.
 *
 * A progress report, `{"progress": "waiting for etcd (attempt 5, next try in 60 s)"}` (no
 * phase), says what the host is doing within its phase (install-artifacts' waits): it keeps the
 * phase and becomes the message until the next report. An older serve answers it 400, which the
 * host only logs.
 */
import type { Components } from './host-state.js';
import { isPhase, PHASES, type Phase } from './phases.js';

export const MAX_REPORT_BYTES = 8 * 1024;

export interface Report {
  phase: Phase;
  message: string;
  components: Components;
}

export interface ProgressReport {
  progress: string;
}

/** A progress message is one line of at most this many characters (longer ones are cut). */
export const MAX_PROGRESS_CHARS = 200;

/** The report, or the reason (one line) it is refused with 400. */
export function parseReport(bytes: Buffer): Report | ProgressReport | string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'the body is not UTF-8';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the body is not JSON; expected {"phase": ..., "message": ..., "components": {...}}';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the body is not a JSON object; expected {"phase": ..., "message": ..., "components": {...}}';
  const { phase, message = '', components = {}, progress } = value as Record<string, unknown>;
  if (phase === undefined && typeof progress === 'string') {
    const line = progress.split('\n')[0] ?? '';
    return { progress: line.length > MAX_PROGRESS_CHARS ? `${line.slice(0, MAX_PROGRESS_CHARS)}...` : line };
  }
  if (phase === undefined) return `no "phase" (or "progress"); expected one of ${PHASES.join(', ')}`;
  if (!isPhase(phase))
    return `unknown phase ${JSON.stringify(phase).slice(0, 40)}; expected one of ${PHASES.join(', ')}`;
  if (typeof message !== 'string') return '"message" must be a string';
  if (typeof components !== 'object' || components === null || Array.isArray(components))
    return '"components" must be a JSON object';
  return { phase, message, components: components as Components };
}

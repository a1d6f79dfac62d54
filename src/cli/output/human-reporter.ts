import type { BuildPhase, NodeResult, RunEvent } from '../../execute/run-events.js';
import { lineLayout, nodeLine, resultDetail, seconds, statusOf, fitLabel, type LineLayout, type LineNode } from './node-line.js';
import { DEFAULT_COLUMNS, type Output } from './output.js';
import { summaryLines } from './run-summary.js';
import { palette } from './terminal-colors.js';
import { displayWidth, fitEnd } from './text-width.js';

export interface HumanReporterOptions {
  /** A node running this long gets a START line on a non-interactive output (default 2 s). */
  readonly startLineAfterMs?: number;
  /** A phase taking this long gets a line on a non-interactive output (default 250 ms). */
  readonly phaseLineAfterMs?: number;
}

/** How often the status line is redrawn at most. */
const REDRAW_MS = 100;

const PHASES: Record<BuildPhase, (detail?: string) => string> = {
  compile: (d) => `Compiling${d ? ` ${d}` : ''}`,
  plan: (d) => `Planning${d ? ` ${d}` : ''} against the warehouse`,
  lineage: () => 'Reading column lineage and types',
  catalog: () => 'Writing run results and catalog',
  openlineage: () => 'Delivering OpenLineage events',
};

interface Running extends LineNode {
  readonly index: number;
  readonly startedAt: number;
  readonly timer?: ReturnType<typeof setTimeout>;
}

/**
 * dbt-like progress: one line per node as it finishes, then a summary. On an interactive terminal
 * a status line under the output names the nodes running and the phase under way; elsewhere a node
 * that runs longer than a moment gets a START line, and a slow phase a line once it is done.
 */
export function humanReporter(output: Output, options: HumanReporterOptions = {}): (event: RunEvent) => void {
  const colors = palette(output.color ?? false);
  const interactive = (output.interactive ?? false) && output.status !== undefined;
  const startLineAfterMs = options.startLineAfterMs ?? 2000;
  const phaseLineAfterMs = options.phaseLineAfterMs ?? 250;
  const running = new Map<string, Running>();
  const results: NodeResult[] = [];
  let layout: LineLayout = lineLayout(0, output.columns);
  let total = 0;
  let inRun = false;
  let dryRun = false;
  let phase: { readonly text: string; readonly startedAt: number } | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const statusText = (): string => {
    const now = Date.now();
    if (phase) return `${phase.text}…${now - phase.startedAt >= 1000 ? ` ${seconds(now - phase.startedAt, 1)}` : ''}`;
    if (running.size === 0) return '';
    // The longest-running first; as many as the line holds, then how many more.
    const nodes = [...running.values()].sort((a, b) => a.startedAt - b.startedAt).map((r) => `${fitLabel(r, 36)} ${seconds(now - r.startedAt, 1)}`);
    let text = `[${results.length}/${total}] running ${nodes[0]}`;
    for (const [i, node] of nodes.entries()) {
      if (i === 0) continue;
      const more = i < nodes.length - 1 ? `, +${nodes.length - i - 1} more` : '';
      if (displayWidth(`${text}, ${node}${more}`) > width() - 1) return `${text}, +${nodes.length - i} more`;
      text += `, ${node}`;
    }
    return text;
  };
  const width = (): number => output.columns ?? DEFAULT_COLUMNS;
  const draw = (): void => {
    const text = fitEnd(statusText(), width() - 1);
    output.status!(text ? colors.dim(text) : '');
  };
  const startTicker = (): void => {
    if (!interactive || ticker) return;
    // unref: a status line never keeps the process alive.
    ticker = setInterval(draw, REDRAW_MS).unref();
  };
  const stopTicker = (): void => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    if (interactive) output.status!('');
  };

  return (event) => {
    switch (event.type) {
      case 'phase': {
        if (event.state === 'started') {
          phase = { text: PHASES[event.phase](event.detail), startedAt: Date.now() };
          if (interactive) {
            draw(); // at once: a phase may be synchronous work that no timer interrupts
            startTicker();
          }
          return;
        }
        phase = undefined;
        if (interactive) {
          if (inRun) draw();
          else stopTicker();
        } else if ((event.durationMs ?? 0) >= phaseLineAfterMs) {
          output.out(colors.dim(`${PHASES[event.phase](event.detail)}… ${seconds(event.durationMs ?? 0, 1)}`));
        }
        return;
      }
      case 'run_started':
        total = event.total;
        inRun = true;
        dryRun = event.dryRun ?? false;
        layout = lineLayout(total, output.columns);
        output.out(
          `${dryRun ? 'Dry-running' : 'Running'} ${event.total} node${event.total === 1 ? '' : 's'} on target '${event.target}' with ${event.threads} thread${event.threads === 1 ? '' : 's'}` +
            (dryRun ? ' (nothing is created or changed)' : ''),
        );
        // Unchanged nodes get one line, not one each: a rebuild with little changed stays short.
        if (event.reused) output.out(colors.dim(`${event.reused} unchanged node${event.reused === 1 ? '' : 's'} reused (built before with the same SQL, settings and inputs; --force rebuilds them)`));
        startTicker();
        return;
      case 'node_started': {
        const node = { id: event.id, label: event.label, action: event.action, index: event.index, startedAt: Date.now() };
        const timer = interactive
          ? undefined
          : setTimeout(() => output.out(nodeLine(layout, node.index, 'START', node, `[running for ${seconds(Date.now() - node.startedAt, 0)}]`, colors)), startLineAfterMs).unref();
        running.set(event.id, { ...node, ...(timer ? { timer } : {}) });
        return;
      }
      case 'node_finished': {
        const r = event.result;
        clearTimeout(running.get(r.id)?.timer);
        running.delete(r.id);
        results.push(r);
        output.out(nodeLine(layout, event.index, statusOf(r), r, resultDetail(r, dryRun), colors));
        return;
      }
      case 'run_finished':
        inRun = false;
        for (const r of running.values()) clearTimeout(r.timer);
        running.clear();
        stopTicker();
        for (const line of summaryLines(event, results, total, layout, colors, dryRun)) output.out(line);
        return;
    }
  };
}

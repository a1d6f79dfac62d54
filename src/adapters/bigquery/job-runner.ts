import { ApiFailure, type BigQueryApi, type JobReference, type JobResource } from './bigquery-api.js';
import { isTransient, JobFailure } from './job-errors.js';

export interface JobRunnerSettings {
  readonly location: string;
  /** Retries of transient failures (HTTP or the job's own) per call: the target's `job_retries`. */
  readonly retries: number;
  /** First wait before a retry; doubled each time (tests make it short). */
  readonly retryDelayMs: number;
  /** First wait between polls of a running job; grows to 2 s. */
  readonly pollMs: number;
  /** `job_timeout_seconds`: a job still running then is cancelled. */
  readonly timeoutMs?: number;
}

/** The retries one call may still make, shared by its HTTP requests and its jobs. */
interface Budget {
  left: number;
  made: number;
}

/**
 * Runs BigQuery jobs to completion: inserts, polls, retries transient failures with exponential
 * backoff, cancels on timeout, and cancels every running job on `interrupt()`.
 */
export class JobRunner {
  /** How many times `interrupt` was called: a call that began before the last one is cancelled. */
  private interrupts = 0;
  /** Jobs running now, with the interrupt count when their call began and the cancel sent, if any. */
  private readonly running = new Map<string, { ref: JobReference; began: number; cancel?: Promise<void> }>();
  /** Resolved by `interrupt` so that waits end at once. */
  private wake = deferred();

  constructor(
    private readonly api: BigQueryApi,
    readonly settings: JobRunnerSettings,
  ) {}

  /** The mark a call takes when it begins: `interrupt` after it cancels the call. */
  begin(): number {
    return this.interrupts;
  }

  interrupt(): void {
    this.interrupts++;
    for (const job of this.running.values()) job.cancel ??= this.api.cancelJob(job.ref).catch(() => undefined);
    this.wake.resolve();
    this.wake = deferred();
  }

  /**
   * Starts a job (`start` inserts or uploads it under the reference given) and waits for it; a
   * job that fails for a transient reason is run again under a new id.
   */
  async run(start: (ref: JobReference) => Promise<JobResource>, newJobId: () => string, began: number): Promise<JobResource> {
    const budget: Budget = { left: this.settings.retries, made: 0 };
    for (;;) {
      this.stopIfInterrupted(began);
      const ref: JobReference = { projectId: this.api.executionProject, jobId: newJobId(), location: this.settings.location };
      const job = await this.started(start, ref, budget, began);
      const done = await this.wait(ref, job, budget, began);
      const error = done.status?.errorResult;
      if (!error) return done;
      if (isTransient(undefined, error.reason)) {
        await this.backoff(budget, began, error.reason ?? 'backendError', error.message ?? '');
        continue;
      }
      if (error.reason === 'timeout' && this.settings.timeoutMs !== undefined) {
        throw new JobFailure(`BigQuery stopped job ${ref.jobId} at job_timeout_seconds (${this.settings.timeoutMs / 1000} s): ${error.message ?? ''}`, 'timeout');
      }
      throw new JobFailure(error.message ?? `BigQuery job ${ref.jobId} failed (${error.reason ?? 'no reason given'})`, error.reason);
    }
  }

  /** A dry run: validated and estimated, nothing runs, nothing to wait for. */
  async dryRun(start: (ref: JobReference) => Promise<JobResource>, newJobId: () => string, began: number): Promise<JobResource> {
    const budget: Budget = { left: this.settings.retries, made: 0 };
    this.stopIfInterrupted(began);
    const ref: JobReference = { projectId: this.api.executionProject, jobId: newJobId(), location: this.settings.location };
    return this.request(() => start(ref), budget, began);
  }

  /** An API call with the transient failures retried within the budget. */
  async request<T>(call: () => Promise<T>, budget: Budget | number, began: number): Promise<T> {
    const b = typeof budget === 'number' ? { left: budget, made: 0 } : budget;
    for (;;) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ApiFailure)) throw e;
        if (!isTransient(e.status, e.reason)) throw new JobFailure(e.message, e.reason);
        await this.backoff(b, began, e.reason ?? `HTTP ${e.status ?? '?'}`, e.message);
      }
    }
  }

  private async started(start: (ref: JobReference) => Promise<JobResource>, ref: JobReference, budget: Budget, began: number): Promise<JobResource> {
    let tried = false;
    const job = await this.request(async () => {
      try {
        return await start(ref);
      } catch (e) {
        // An insert that failed on the way back may have created the job: the retry finds it.
        if (tried && e instanceof ApiFailure && e.status === 409) return this.api.getJob(ref);
        throw e;
      } finally {
        tried = true;
      }
    }, budget, began);
    this.running.set(ref.jobId, { ref, began });
    return job;
  }

  private async wait(ref: JobReference, first: JobResource, budget: Budget, began: number): Promise<JobResource> {
    const deadline = this.settings.timeoutMs !== undefined ? Date.now() + this.settings.timeoutMs : undefined;
    let job = first;
    let pause = this.settings.pollMs;
    try {
      for (;;) {
        if (this.interrupts > began) {
          await (this.running.get(ref.jobId)?.cancel ?? this.api.cancelJob(ref).catch(() => undefined));
          throw new JobFailure(`BigQuery job ${ref.jobId} was cancelled: the build was interrupted`, 'stopped');
        }
        if (job.status?.state === 'DONE') return job;
        if (deadline !== undefined && Date.now() >= deadline) {
          await this.api.cancelJob(ref).catch(() => undefined);
          const seconds = (this.settings.timeoutMs ?? 0) / 1000;
          throw new JobFailure(`BigQuery job ${ref.jobId} ran longer than job_timeout_seconds (${seconds} s) and was cancelled`, 'timeout');
        }
        if (job !== first) {
          await this.sleep(deadline !== undefined ? Math.min(pause, Math.max(0, deadline - Date.now())) : pause);
          pause = Math.min(2000, pause * 1.5);
        }
        if (this.interrupts > began) continue;
        job = await this.request(() => this.api.getJob(ref), budget, began);
      }
    } finally {
      this.running.delete(ref.jobId);
    }
  }

  private async backoff(budget: Budget, began: number, reason: string, message: string): Promise<void> {
    if (budget.left <= 0) {
      const tries = budget.made + 1;
      throw new JobFailure(`BigQuery kept failing (${reason}) after ${tries} attempt${tries === 1 ? '' : 's'} (job_retries: ${this.settings.retries}): ${message}`, reason);
    }
    budget.left--;
    await this.sleep(Math.min(30_000, this.settings.retryDelayMs * 2 ** budget.made++));
    this.stopIfInterrupted(began);
  }

  private stopIfInterrupted(began: number): void {
    if (this.interrupts > began) throw new JobFailure('BigQuery call cancelled: the build was interrupted', 'stopped');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.wake.promise.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

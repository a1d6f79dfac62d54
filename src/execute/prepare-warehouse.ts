import { EngineError, type Adapter } from '../adapters/adapter.js';
import type { BuildPlan } from '../plan/build-plan.js';

/** The warehouse refused what every node needs (its schemas, meshwork's state tables): no node can run. */
export class WarehouseSetupFailed extends Error {
  constructor(
    /** What was asked, as a diagnostic's first words. */
    readonly doing: string,
    readonly engineError: EngineError,
  ) {
    super(`${doing}: ${engineError.message}`);
    this.name = 'WarehouseSetupFailed';
  }
}

/**
 * Creates the plan's schemas and runs its setup statements before any node starts. An engine's
 * refusal becomes WarehouseSetupFailed (the build reports it as the target's problem, with no run);
 * any other error is meshwork's own and goes on as it is.
 */
export async function prepareWarehouse(plan: BuildPlan, adapter: Adapter, runId: string | undefined, interrupted: () => boolean): Promise<void> {
  const refused = (doing: string) => (e: unknown): never => {
    throw e instanceof EngineError ? new WarehouseSetupFailed(doing, e) : e;
  };
  if (interrupted()) return;
  await adapter.ensureSchemas(plan.schemas).catch(refused(`cannot create the schemas the build writes to (${plan.schemas.map((s) => s.name).join(', ')})`));
  if (interrupted() || plan.setup.length === 0) return;
  await adapter.execute(plan.setup, runId !== undefined ? { runId } : {}).catch(refused("cannot create meshwork's state tables (published contracts, node state)"));
}

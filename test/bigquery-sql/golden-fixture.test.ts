/**
 * The golden fixture's BigQuery statements (every construct meshwork writes SQL for appears there at
 * least once: append, delete+insert and merge incrementals, seeds, ephemeral CTEs, every generic test,
 * a contract), accepted by ZetaSQL in three warehouse states: see three-states.ts.
 */
import { GOLDEN_PROJECT } from '../golden/golden-files.js';
import { describeThreeStates } from './three-states.js';

describeThreeStates('the golden fixture', GOLDEN_PROJECT, 2);

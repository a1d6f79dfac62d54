/** example-project/'s BigQuery statements, accepted by ZetaSQL in three warehouse states: see three-states.ts. */
import { fileURLToPath } from 'node:url';
import { describeThreeStates } from './three-states.js';

describeThreeStates('example-project/', fileURLToPath(new URL('../../example-project/', import.meta.url)), 4);

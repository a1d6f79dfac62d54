import type { Stage } from '../parse/definitions.js';

export type NodeKind = 'model' | 'seed' | 'test' | 'contract';

/** Seeds and tests live in their own folders, so they get a pseudo-stage that selectors can name. */
export type NodeStage = Stage | 'seeds' | 'tests' | 'contracts';

/** What the graph stage needs to know about a node; the caller resolves references into ids. */
export interface GraphNode {
  /** 'model.checkout.orders' | 'seed.checkout.forecast' | 'test.checkout.not_null_orders_order_id' */
  readonly id: string;
  readonly kind: NodeKind;
  /** File name without extension (tests: their generated or file name). */
  readonly name: string;
  readonly domain: string;
  readonly stage: NodeStage;
  readonly tags: readonly string[];
  /** Path relative to the project root, for messages. */
  readonly file: string;
  /** Nodes this one reads, with the 1-based line of the reference in `file` when known. */
  readonly dependsOn: readonly { readonly id: string; readonly line?: number }[];
}

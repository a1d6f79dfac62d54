import type { PolicyId } from './policy-catalog.js';

/** What a policy found in one contract, before its severity (which depends on the domain) is applied. */
export interface PolicyFinding {
  readonly policy: PolicyId;
  readonly message: string;
  readonly line: number;
  readonly hint: string;
}

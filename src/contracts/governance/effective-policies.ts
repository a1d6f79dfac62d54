import type { DomainDefinition, ProjectConfig } from '../../parse/definitions.js';
import { DEFAULT_PERSONAL_PATTERNS, DEFAULT_SEVERITY, POLICY_IDS, type PolicyId, type PolicySeverity } from './policy-catalog.js';

/** A policy as it applies to one domain's contracts: the domain's setting, else the mesh's, else the default. */
export interface EffectivePolicy {
  readonly severity: PolicySeverity;
  readonly patterns: readonly string[];
}

export type EffectivePolicies = Readonly<Record<PolicyId, EffectivePolicy>>;

/** Field by field: a domain that only changes the severity keeps the mesh's patterns, and the reverse. */
export function effectivePolicies(config: Pick<ProjectConfig, 'policies'>, domain?: Pick<DomainDefinition, 'policies'>): EffectivePolicies {
  const result = {} as Record<PolicyId, EffectivePolicy>;
  for (const id of POLICY_IDS) {
    const global = config.policies[id];
    const local = domain?.policies[id];
    result[id] = {
      severity: local?.severity ?? global?.severity ?? DEFAULT_SEVERITY[id],
      patterns: local?.patterns ?? global?.patterns ?? DEFAULT_PERSONAL_PATTERNS,
    };
  }
  return result;
}

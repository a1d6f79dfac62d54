import { error, warning, type Diagnostic, type DiagnosticCode } from '../../diagnostics/diagnostic.js';
import type { ProjectDefinition } from '../../parse/definitions.js';
import type { ContractDefinition } from '../contract-definition.js';
import { columnDescription, personalDataClassified, restrictedColumnsMasked } from './column-policies.js';
import { checkColumnTransforms } from './column-transforms-check.js';
import { contractDescription, contractOwner, freshnessSla, viewNaming } from './contract-policies.js';
import { effectivePolicies, type EffectivePolicies } from './effective-policies.js';
import type { PolicyId } from './policy-catalog.js';
import type { PolicyFinding } from './policy-finding.js';

/** One code per policy, so that CI can tell findings apart. */
export const POLICY_CODES: Readonly<Record<PolicyId, DiagnosticCode>> = {
  'contract-owner': 'MESH220',
  'contract-description': 'MESH221',
  'column-description': 'MESH222',
  'personal-data-classified': 'MESH223',
  'restricted-columns-masked': 'MESH224',
  'freshness-sla': 'MESH225',
  'view-naming': 'MESH226',
};

const RULES: Readonly<Record<PolicyId, (contract: ContractDefinition, policies: EffectivePolicies) => PolicyFinding[]>> = {
  'contract-owner': contractOwner,
  'contract-description': contractDescription,
  'column-description': columnDescription,
  'personal-data-classified': (contract, policies) => personalDataClassified(contract, policies['personal-data-classified'].patterns),
  'restricted-columns-masked': restrictedColumnsMasked,
  'freshness-sla': freshnessSla,
  'view-naming': viewNaming,
};

/**
 * Federated computational governance: every contract against the mesh's policies, as its domain
 * sets them (the domain's `policies:` over mesh.yaml's over the defaults; `off` skips a policy).
 * One diagnostic per finding, at the contract file and line, with the policy id in the message.
 */
export function evaluatePolicies(project: ProjectDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const contract of project.contracts) {
    const domain = project.domains.find((d) => d.name === contract.domain);
    const policies = effectivePolicies(project.config, domain);
    for (const [id, rule] of Object.entries(RULES) as [PolicyId, (typeof RULES)[PolicyId]][]) {
      const severity = policies[id].severity;
      if (severity === 'off') continue;
      const report = severity === 'error' ? error : warning;
      for (const finding of rule(contract, policies)) {
        diagnostics.push(report(POLICY_CODES[id], `${finding.message} (policy ${finding.policy})`, { file: contract.file, line: finding.line, hint: finding.hint }));
      }
    }
    diagnostics.push(...checkColumnTransforms(contract));
  }
  return diagnostics;
}

import type { ContractDefinition } from '../contract-definition.js';
import type { PolicyFinding } from './policy-finding.js';

const NAME = /^[a-z][a-z0-9_]*$/;
const VERSION_SUFFIX = /_v\d+$/;
const FRESHNESS = ['latency', 'freshness'];

/** contract-owner: `team.name`, or a team member whose role is owner. */
export function contractOwner(contract: ContractDefinition): PolicyFinding[] {
  if (contract.owner) return [];
  return [
    {
      policy: 'contract-owner',
      message: `contract '${contract.id}' names no owner`,
      line: contract.team?.line ?? contract.line,
      hint: 'add team: { name: team-<domain> }, or a team member with role: owner',
    },
  ];
}

/** contract-description: `description.purpose` says what the product is for. */
export function contractDescription(contract: ContractDefinition): PolicyFinding[] {
  if (contract.description?.purpose?.trim()) return [];
  return [
    {
      policy: 'contract-description',
      message: `contract '${contract.id}' has no description.purpose`,
      line: contract.description?.line ?? contract.line,
      hint: 'add description: { purpose: … } saying what the data product is and what it is for',
    },
  ];
}

/** freshness-sla: an `slaProperties` entry with property latency or freshness. */
export function freshnessSla(contract: ContractDefinition): PolicyFinding[] {
  if (contract.slaProperties.some((s) => FRESHNESS.includes(s.property.toLowerCase()))) return [];
  return [
    {
      policy: 'freshness-sla',
      message: `contract '${contract.id}' declares no freshness SLA`,
      line: contract.slaProperties[0]?.line ?? contract.line,
      hint: 'add slaProperties: [{ property: latency, value: 1, unit: d, element: <table>.<timestamp column> }]',
    },
  ];
}

/**
 * view-naming: views are `<product>_v<major>` (`<product>_<object>_v<major>` for several tables), so
 * the product, and each table's name when there are several, is a plain lower-case name that does
 * not itself end in a version.
 */
export function viewNaming(contract: ContractDefinition): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const check = (name: string, what: string, line: number, fix: string): void => {
    if (!NAME.test(name)) {
      findings.push({ policy: 'view-naming', message: `${what} '${name}' does not match ${NAME.source}, so its contract view is not named <product>_v<major>`, line, hint: fix });
    } else if (VERSION_SUFFIX.test(name)) {
      findings.push({
        policy: 'view-naming',
        message: `${what} '${name}' ends in a version, so its contract view would be '${name}_v${contract.version.major}'`,
        line,
        hint: `drop '${VERSION_SUFFIX.exec(name)![0]}': the major version of the contract names the view`,
      });
    }
  };
  const built = contract.schema.filter((o) => o.built && o.model && o.properties.length > 0);
  if (built.length === 0) return findings;
  check(contract.product, 'product', contract.line, 'use lower-case letters, digits and _ (dataProduct: orders), and name the file <product>.odcs.yaml');
  if (built.length > 1) {
    for (const object of built) check(object.name, `table`, object.line, 'use lower-case letters, digits and _ for the schema object name');
  }
  return findings;
}

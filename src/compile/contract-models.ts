import type { ContractDefinition } from '../contracts/contract-definition.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { ContractMappingDefinition, ProjectDefinition } from '../parse/definitions.js';
import type { PlannedContractView } from './contract-views.js';

/** Every built schema object of a contract must be backed by a model (or seed) of the contract's domain. */
export function checkContractModels(project: ProjectDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const publishers = new Map<string, string>();
  for (const contract of project.contracts) {
    const view = `${contract.domain}.${contract.product}_v${contract.version.major}`;
    const other = publishers.get(view);
    if (other) {
      diagnostics.push(
        error('MESH205', `${contract.file} and ${other} both publish major version ${contract.version.major} of '${contract.product}'`, {
          file: contract.file,
          line: 1,
          hint: `keep one file per major version: ${contract.product}.odcs.yaml for the newest, ${contract.product}.v<major>.odcs.yaml for older ones`,
        }),
      );
    }
    publishers.set(view, contract.file);
  }
  // Each domain's models and seeds, gathered once: filtering all models per contract was quadratic.
  const byDomain = new Map<string, { name: string; stage: string }[]>();
  const add = (domain: string, candidate: { name: string; stage: string }): void => {
    const list = byDomain.get(domain);
    if (list) list.push(candidate);
    else byDomain.set(domain, [candidate]);
  };
  for (const m of project.models) add(m.domain, { name: m.name, stage: m.stage as string });
  for (const s of project.seeds) add(s.domain, { name: s.name, stage: 'seeds' });
  for (const contract of project.contracts) {
    const domain = contract.domain;
    if (!domain) continue;
    const candidates = byDomain.get(domain) ?? [];
    for (const object of contract.schema) {
      if (!object.built || !object.model) continue;
      const { name, stage, line } = object.model;
      if (candidates.some((c) => c.name === name && (stage === undefined || c.stage === stage))) continue;
      const elsewhere = candidates.find((c) => c.name === name);
      const near = nearestNames(name, candidates.map((c) => c.name));
      diagnostics.push(
        error('MESH209', `${describe(contract, object.name)} is backed by '${stage ? `${stage}.` : ''}${name}', which is not ${stage ? `${/^[aeiou]/.test(stage) ? 'an' : 'a'} ${stage} model` : 'a model or seed'} of domain '${domain}'`, {
          file: contract.file,
          line,
          hint: elsewhere
            ? `'${name}' is in ${elsewhere.stage}: write ${elsewhere.stage}.${name}`
            : near.length > 0
              ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?`
              : `create domains/${domain}/<stage>/${name}.sql, or name an existing model`,
        }),
      );
    }
  }
  return diagnostics;
}

function describe(contract: ContractDefinition, object: string): string {
  return `schema object '${object}' of contract '${contract.product}'`;
}

/**
 * Which contract view each `contracts/<stem>.sql` mapping fills: the view of `<stem>.odcs.yaml`.
 * A mapping with no contract beside it, or for a contract that publishes several tables, is MESH219.
 */
export function mapContractViews(project: ProjectDefinition, views: readonly PlannedContractView[], diagnostics: Diagnostic[]): Map<PlannedContractView, ContractMappingDefinition> {
  const mapped = new Map<PlannedContractView, ContractMappingDefinition>();
  if (project.mappings.length === 0) return mapped;
  const contractsByFile = new Map(project.contracts.map((c) => [c.file, c]));
  const viewsOf = new Map<ContractDefinition, PlannedContractView[]>();
  for (const v of views) {
    const list = viewsOf.get(v.contract);
    if (list) list.push(v);
    else viewsOf.set(v.contract, [v]);
  }
  for (const mapping of project.mappings) {
    const contractFile = mapping.file.replace(/\.sql$/, '.odcs.yaml');
    const contract = contractsByFile.get(contractFile);
    if (!contract) {
      const stems = project.contracts.filter((c) => c.domain === mapping.domain).map((c) => c.file.slice(c.file.lastIndexOf('/') + 1, -'.odcs.yaml'.length));
      const near = nearestNames(mapping.name, stems);
      diagnostics.push(
        error('MESH219', `${mapping.file} maps no contract: there is no ${contractFile}`, {
          file: mapping.file,
          line: 1,
          hint: near.length > 0 ? `name it after its contract: ${near.map((n) => `${n}.sql`).join(', ')}` : 'a contracts/<product>.sql file fills the contract <product>.odcs.yaml beside it',
        }),
      );
      continue;
    }
    const targets = viewsOf.get(contract) ?? [];
    if (targets.length > 1) {
      diagnostics.push(
        error('MESH219', `${mapping.file} maps contract '${contract.product}', which publishes ${targets.length} tables: a mapping fills one`, {
          file: mapping.file,
          line: 1,
          hint: 'back each table with a model of its own instead (customProperties model:)',
        }),
      );
      continue;
    }
    if (targets[0]) mapped.set(targets[0], mapping);
  }
  return mapped;
}

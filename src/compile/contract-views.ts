import type { Dialect } from '../adapters/dialect.js';
import type { ContractDefinition, ContractObject } from '../contracts/contract-definition.js';
import { engineType } from '../contracts/logical-types.js';
import type { ProjectDefinition } from '../parse/definitions.js';
import type { CompiledNode } from './compiled-node.js';
import type { ProjectIndex } from './model-hooks.js';

/**
 * A contract's public interface: per built schema object and major version, a view in the domain's
 * own schema with exactly the contracted columns, in contract order, cast to the contracted types,
 * over the model that backs it. Named `<product>_v<major>` (`<product>_<object>_v<major>` when a
 * contract has several tables).
 */
export function compileContractViews(project: ProjectDefinition, dialect: Dialect, index: ProjectIndex): CompiledNode[] {
  const nodes: CompiledNode[] = [];
  for (const contract of project.contracts) {
    const domain = contract.domain;
    if (!domain) continue;
    const built = contract.schema.filter((o) => o.built && o.model && o.properties.length > 0);
    for (const object of built) {
      const backing = index.findReferable(domain, object.model!.name);
      if (!backing) continue; // reported by checkContractModels
      const name = viewName(contract, object, built.length > 1);
      const schema = dialect.schemaName(domain);
      const sql = contractViewSql(object, backing.reference, dialect);
      nodes.push({
        id: `contract.${domain}.${name}`,
        kind: 'contract',
        name,
        domain,
        stage: 'contracts',
        file: contract.file,
        line: object.line,
        checksum: contract.checksum,
        materialized: 'view',
        schema,
        identifier: name,
        relation: dialect.relation(schema, name),
        select: { sql, lines: sql.split('\n').map(() => object.line) },
        dependsOn: [{ id: backing.id, line: object.model!.line }],
        tags: contract.tags,
        ...(contract.description?.purpose ? { description: contract.description.purpose } : {}),
        contract: { id: contract.id, product: contract.product, version: contract.version.text, object: object.name },
      });
    }
  }
  return nodes;
}

export function viewName(contract: ContractDefinition, object: ContractObject, several: boolean): string {
  return `${contract.product}${several ? `_${object.name}` : ''}_v${contract.version.major}`;
}

function contractViewSql(object: ContractObject, from: string, dialect: Dialect): string {
  const columns = object.properties.map((p) => {
    const column = dialect.quoteIdentifier(p.name);
    const type = engineType(p, dialect.engine);
    return type ? `CAST(${column} AS ${type}) AS ${column}` : column;
  });
  return `SELECT\n  ${columns.join(',\n  ')}\nFROM ${from}`;
}

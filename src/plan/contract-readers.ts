import type { ContractDefinition } from '../contracts/contract-definition.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * The principals granted read on a contract's public schema (capability `schemaAccess`): the
 * contract's ODCS roles that give read access (`access: read`, or none given), each mapped to
 * principals by the target's `roles:`. A role the target does not map grants nothing, and says so
 * (MESH208: a part of the contract meshwork does not apply), as does a role that is not for reading:
 * consumers read contract views, only the build writes them.
 */
export function contractReaders(
  contract: ContractDefinition,
  roles: Readonly<Record<string, readonly string[]>>,
  target: string,
  schema: string,
): { readers: string[]; diagnostics: Diagnostic[] } {
  const readers = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const role of contract.roles) {
    const where = { file: contract.file, line: role.line };
    if (role.access !== undefined && !/^read/i.test(role.access.trim())) {
      diagnostics.push(
        warning('MESH208', `role '${role.role}' gives ${role.access} access: meshwork grants read on contract views only, so it grants nothing for this role`, {
          ...where,
          hint: 'consumers get access: read; the build itself writes the views, with the target\'s credentials',
        }),
      );
      continue;
    }
    const principals = roles[role.role];
    if (!principals || principals.length === 0) {
      diagnostics.push(
        warning('MESH208', `role '${role.role}' has no principals on target '${target}': nobody is granted read on ${schema} through it`, {
          ...where,
          hint: `map it in mesh.yaml under the target: roles: { ${role.role}: ['group:readers@example.com'] }`,
        }),
      );
      continue;
    }
    for (const principal of principals) readers.add(principal);
  }
  return { readers: [...readers].sort(), diagnostics };
}

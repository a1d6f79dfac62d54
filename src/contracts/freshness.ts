import type { ContractDefinition, ContractObject, SlaProperty } from './contract-definition.js';

/** `slaProperties` entries that promise freshness: how old the newest row may be. */
export const FRESHNESS_PROPERTIES: readonly string[] = ['latency', 'freshness'];

/** ODCS writes units as `d`, `day`, `days`…; seconds per unit. */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, second: 1, seconds: 1,
  m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
  y: 31_536_000, yr: 31_536_000, year: 31_536_000, years: 31_536_000,
};

/** A freshness SLA meshwork audits: the newest `column` of `object` at most `seconds` old. */
export interface FreshnessSla {
  readonly object: string;
  readonly column: string;
  readonly seconds: number;
  /** As written, for reports: `1 d`. */
  readonly text: string;
  readonly line: number;
}

/** The freshness SLAs of a contract that name a contract column, or why one cannot be audited. */
export function freshnessSlas(contract: Pick<ContractDefinition, 'slaProperties' | 'schema'>): { slas: FreshnessSla[]; problems: { sla: SlaProperty; why: string }[] } {
  const slas: FreshnessSla[] = [];
  const problems: { sla: SlaProperty; why: string }[] = [];
  for (const sla of contract.slaProperties) {
    // Without an element the SLA is a promise in prose: nothing names the column to measure.
    if (!FRESHNESS_PROPERTIES.includes(sla.property) || !sla.element) continue;
    const found = resolve(sla, contract.schema);
    if ('why' in found) problems.push({ sla, why: found.why });
    else slas.push(found);
  }
  return { slas, problems };
}

function resolve(sla: SlaProperty, schema: readonly ContractObject[]): FreshnessSla | { why: string } {
  const amount = typeof sla.value === 'number' ? sla.value : typeof sla.value === 'string' ? Number(sla.value) : Number.NaN;
  if (!Number.isFinite(amount) || amount <= 0) return { why: `its value ${JSON.stringify(sla.value)} is not a positive number` };
  const perUnit = UNIT_SECONDS[(sla.unit ?? 'd').toLowerCase()];
  if (perUnit === undefined) return { why: `its unit '${sla.unit}' is not one of ${['s', 'm', 'h', 'd', 'w', 'y'].join(', ')}` };
  // One element; ODCS allows a comma-separated list, of which the first is measured.
  const element = (sla.element ?? '').split(',')[0]!.trim();
  const [objectName, column] = element.includes('.') ? (element.split('.', 2) as [string, string]) : [undefined, element];
  const object = objectName ? schema.find((o) => o.name === objectName) : schema.find((o) => o.properties.some((p) => p.name === column));
  if (!object) return { why: `its element '${element}' names no schema object of the contract` };
  if (!object.properties.some((p) => p.name === column)) return { why: `its element '${element}' names no column of schema object '${object.name}'` };
  return { object: object.name, column, seconds: amount * perUnit, text: `${amount} ${sla.unit ?? 'd'}`, line: sla.line };
}

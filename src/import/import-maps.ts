import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';

export type Stage = 'raw' | 'cleaned' | 'aggregate';
const STAGES: readonly Stage[] = ['raw', 'cleaned', 'aggregate'];
const DOMAIN = /^[a-z][a-z0-9_]*$/;

/** dbt's conventional folders → meshwork stages, as the dbt-labs project structure guide names them. */
export const DEFAULT_STAGE_MAP: Readonly<Record<string, Stage>> = { staging: 'raw', intermediate: 'cleaned', marts: 'aggregate' };

/** `--stage-map 'base=raw,customers=aggregate'` → folder (or model) → stage, over the default map. */
export function parseStageMap(text: string): { map?: Record<string, Stage>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // dbt's conventional folders keep their stage unless the option maps them otherwise.
  const map: Record<string, Stage> = { ...DEFAULT_STAGE_MAP };
  for (const [folder, value] of pairs(text, '--stage-map', 'staging=raw', diagnostics)) {
    const stage = STAGES.find((s) => s === value);
    if (stage) map[folder] = stage;
    else {
      const near = nearestNames(value, STAGES);
      diagnostics.push(error('MESH287', `--stage-map: '${value}' is not a meshwork stage`, { hint: `${near.length > 0 ? `did you mean ${near.join(', ')}? ` : ''}stages are ${STAGES.join(', ')}` }));
    }
  }
  return diagnostics.length > 0 ? { diagnostics } : { map, diagnostics };
}

/** `--domain-map 'staging/payments=finance,marts/finance=finance'` → path prefix (under the models folder) → domain. */
export function parseDomainMap(text: string): { map?: Record<string, string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const map: Record<string, string> = {};
  for (const [folder, domain] of pairs(text, '--domain-map', 'staging/payments=finance', diagnostics)) {
    if (DOMAIN.test(domain)) map[folder] = domain;
    else diagnostics.push(error('MESH287', `--domain-map: '${domain}' is not a domain name`, { hint: `domain names are lower case letters, digits and _, starting with a letter: ${folder}=${domain.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '') || 'shop'}` }));
  }
  return diagnostics.length > 0 ? { diagnostics } : { map, diagnostics };
}

function pairs(text: string, option: string, example: string, diagnostics: Diagnostic[]): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const folder = eq < 0 ? '' : part.slice(0, eq).trim().replace(/^\/+|\/+$/g, '');
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (folder === '' || value === '') diagnostics.push(error('MESH287', `${option}: '${part}' is not folder=value`, { hint: `write ${option} '${example}', pairs separated by commas` }));
    else out.push([folder, value]);
  }
  return out;
}

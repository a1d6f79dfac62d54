import {
  POLICY_IDS,
  POLICY_OPTIONS,
  POLICY_SEVERITIES,
  type PolicyId,
  type PolicySetting,
  type PolicySettings,
  type PolicySeverity,
} from '../contracts/governance/policy-catalog.js';
import type { YamlReader } from './yaml-file.js';

/**
 * A `policies:` mapping (mesh.yaml or domain.yaml): `<policy-id>: off | warn | error`, or
 * `<policy-id>: { severity: …, <option>: … }`. Unknown ids and options are MESH102, bad values MESH103.
 */
export function parsePolicies(r: YamlReader, value: unknown, where: string): PolicySettings {
  const declared = r.map(['policies'], value, POLICY_IDS, `policies of ${where}`) ?? {};
  const settings: Partial<Record<PolicyId, PolicySetting>> = {};
  for (const [id, raw] of Object.entries(declared)) {
    if (!(POLICY_IDS as readonly string[]).includes(id)) continue; // reported by map()
    const policy = id as PolicyId;
    const path = ['policies', id];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      const severity = severityOf(r, path, raw, policy);
      if (severity) settings[policy] = { severity };
      continue;
    }
    const options = POLICY_OPTIONS[policy];
    const entry = r.map(path, raw, ['severity', ...options], `policy '${id}'`) ?? {};
    const severity = entry.severity === undefined ? undefined : severityOf(r, [...path, 'severity'], entry.severity, policy);
    const patterns = entry.patterns === undefined ? undefined : parsePatterns(r, [...path, 'patterns'], entry.patterns);
    settings[policy] = { ...(severity ? { severity } : {}), ...(patterns ? { patterns } : {}) };
  }
  return settings;
}

function severityOf(r: YamlReader, path: readonly (string | number)[], value: unknown, id: PolicyId): PolicySeverity | undefined {
  if (value === undefined || value === null) {
    r.invalid(path, `policy '${id}' needs a severity`, `write ${id}: off, warn or error`);
    return undefined;
  }
  return r.oneOf(path, value, POLICY_SEVERITIES, `severity of policy '${id}'`);
}

/** A list of regexes, each compiled here so that a broken one is reported at its line. */
function parsePatterns(r: YamlReader, path: readonly (string | number)[], value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    r.invalid(path, 'patterns must be a non-empty list of regular expressions', "write patterns: ['e_?mail', 'phone']");
    return undefined;
  }
  const patterns = value as string[];
  let valid = true;
  patterns.forEach((pattern, i) => {
    try {
      new RegExp(pattern, 'i');
    } catch (e) {
      valid = false;
      r.invalid([...path, i], `pattern '${pattern}' is not a valid regular expression: ${(e as Error).message}`, 'fix the regular expression (JavaScript syntax; quote it in YAML)');
    }
  });
  return valid ? patterns : undefined;
}

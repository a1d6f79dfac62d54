/**
 * The built-in governance policies: their ids, default severities and the options they take.
 * `mesh.yaml` sets them for the whole mesh, a `domain.yaml` overrides them for its contracts.
 */

export const POLICY_IDS = [
  'contract-owner',
  'contract-description',
  'column-description',
  'personal-data-classified',
  'restricted-columns-masked',
  'freshness-sla',
  'view-naming',
] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

export const POLICY_SEVERITIES = ['off', 'warn', 'error'] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** One `policies:` entry as written: any field left out comes from the level above. */
export interface PolicySetting {
  readonly severity?: PolicySeverity;
  /** personal-data-classified: regexes (case-insensitive) that column names of personal data match. */
  readonly patterns?: readonly string[];
}

export type PolicySettings = Readonly<Partial<Record<PolicyId, PolicySetting>>>;

export const DEFAULT_SEVERITY: Readonly<Record<PolicyId, Exclude<PolicySeverity, 'off'>>> = {
  'contract-owner': 'error',
  'contract-description': 'warn',
  'column-description': 'warn',
  'personal-data-classified': 'error',
  'restricted-columns-masked': 'error',
  'freshness-sla': 'warn',
  'view-naming': 'error',
};

/** Option keys each policy takes besides `severity`. */
export const POLICY_OPTIONS: Readonly<Record<PolicyId, readonly string[]>> = {
  'contract-owner': [],
  'contract-description': [],
  'column-description': [],
  'personal-data-classified': ['patterns'],
  'restricted-columns-masked': [],
  'freshness-sla': [],
  'view-naming': [],
};

/** Column names that look like personal data (regexes, matched case-insensitively anywhere in the name). */
export const DEFAULT_PERSONAL_PATTERNS: readonly string[] = [
  'e_?mail',
  'phone',
  '(first|last|full|given|family|sur)_?name',
  'address',
  'street',
  '(^|_)zip(_|$)|zip_?code|post_?code|postal',
  'birth|(^|_)dob(_|$)',
  '(^|_)ip(_|$)|ip_?addr',
  '(^|_)ssn(_|$)|social_security',
];

/** Classifications whose columns may only be published hashed or masked. */
export const RESTRICTED_CLASSIFICATIONS: readonly string[] = ['restricted', 'pii'];

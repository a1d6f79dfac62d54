import type { Stage } from '../parse/definitions.js';
import type { Json } from '../parse/yaml-file.js';
import type { OdcsLogicalType } from './logical-types.js';
import type { SemVer } from './semver.js';

export type JsonObject = { readonly [key: string]: Json };

/**
 * An ODCS v3.1 data contract as meshwork reads it: what later stages need (contract views, checks,
 * breaking-change classification), typed, with the line of everything a diagnostic may point at.
 * Lines are 1-based lines of `file`.
 */
export interface ContractDefinition {
  /** The contract file, relative to the project root. */
  readonly file: string;
  readonly apiVersion: string;
  readonly id: string;
  readonly name?: string;
  readonly version: SemVer;
  /** proposed, draft, active, deprecated, retired, … (free text in ODCS). */
  readonly status: string;
  /** The domain folder the contract is in; read on its own, the document's `domain`. */
  readonly domain?: string;
  readonly dataProduct?: string;
  /** What the contract's views are named after (`<product>_v<major>`): `dataProduct`, else `name`, else the file name. */
  readonly product: string;
  /** `team.name`, else the username of a team member whose role is owner. */
  readonly owner?: string;
  readonly team?: ContractTeam;
  readonly description?: ContractDescription;
  readonly tags: readonly string[];
  readonly servers: readonly ContractServer[];
  readonly schema: readonly ContractObject[];
  readonly slaProperties: readonly SlaProperty[];
  /** Who may access the data (ODCS `roles`); a target maps role names to its principals (BigQuery: `roles:` of the target). */
  readonly roles: readonly ContractRole[];
  /** Contract-level custom properties, as written (room for deprecation and sunset entries). */
  readonly customProperties: readonly CustomProperty[];
  readonly line: number;
  /** sha256 of the file's text. */
  readonly checksum: string;
}

export interface ContractTeam {
  readonly name?: string;
  readonly description?: string;
  readonly members: readonly TeamMember[];
  readonly line: number;
}

export interface TeamMember {
  readonly username: string;
  readonly name?: string;
  readonly role?: string;
  readonly dateIn?: string;
  readonly dateOut?: string;
}

export interface ContractDescription {
  readonly purpose?: string;
  readonly usage?: string;
  readonly limitations?: string;
  readonly line: number;
}

export interface ContractServer {
  readonly server: string;
  readonly type: string;
  readonly environment?: string;
  readonly description?: string;
  /** Everything else (host, project, dataset, format, …), as written. */
  readonly details: JsonObject;
  readonly line: number;
}

/** One `schema` entry: a table, a view, or something meshwork does not build (a topic, a file). */
export interface ContractObject {
  readonly name: string;
  readonly physicalName?: string;
  readonly physicalType?: string;
  readonly businessName?: string;
  readonly description?: string;
  /** meshwork builds a contract view for it: its physicalType is table, view, or not given. */
  readonly built: boolean;
  /** The domain's model the view reads: the `customProperties` entry `property: model`. */
  readonly model?: BackingModel;
  readonly properties: readonly ContractProperty[];
  /** Rules on the whole object (rowCount, sql, …), as written. */
  readonly quality: readonly QualityRule[];
  readonly customProperties: readonly CustomProperty[];
  readonly line: number;
}

/** `value: cleaned.orders` (stage and model) or `value: orders` (a model or seed of the domain). */
export interface BackingModel {
  readonly name: string;
  readonly stage?: Stage | 'seeds';
  readonly line: number;
}

/** A contracted column. */
export interface ContractProperty {
  readonly name: string;
  readonly physicalName?: string;
  readonly logicalType?: OdcsLogicalType;
  readonly logicalTypeOptions: JsonObject;
  /** For `logicalType: array`: the items' logical type. */
  readonly items?: { readonly logicalType?: OdcsLogicalType };
  readonly physicalType?: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly primaryKeyPosition?: number;
  readonly classification?: string;
  readonly description?: string;
  readonly businessName?: string;
  readonly tags: readonly string[];
  readonly quality: readonly QualityRule[];
  readonly customProperties: readonly CustomProperty[];
  readonly line: number;
}

export type QualityType = 'library' | 'sql' | 'custom' | 'text';

export const QUALITY_OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;
export type QualityOperator = (typeof QUALITY_OPERATORS)[number];

/** An ODCS quality rule, kept as data: the build's audits interpret it. */
export interface QualityRule {
  /** ODCS's default is library. */
  readonly type: QualityType;
  /** library: nullValues, missingValues, invalidValues, duplicateValues, rowCount. */
  readonly metric?: string;
  /** sql: the query whose single value is compared. */
  readonly query?: string;
  /** The comparison (library and sql rules): e.g. `{ operator: 'mustBe', value: 0 }`. */
  readonly comparison?: { readonly operator: QualityOperator; readonly value: Json };
  /** library: e.g. `validValues` of invalidValues. */
  readonly arguments: JsonObject;
  readonly unit?: string;
  readonly severity?: string;
  readonly name?: string;
  readonly description?: string;
  /** The rule as written, for what the fields above leave out (engine, implementation, schedule, …). */
  readonly spec: JsonObject;
  readonly line: number;
}

/** An ODCS role: a name the target maps to principals, and the access it gives (`read`, `write`, free text in ODCS). */
export interface ContractRole {
  readonly role: string;
  readonly access?: string;
  readonly description?: string;
  readonly line: number;
}

export interface SlaProperty {
  /** latency, frequency, retention, generalAvailability, endOfSupport, timeOfAvailability, … */
  readonly property: string;
  readonly value: string | number | boolean | null;
  readonly valueExt?: Json;
  readonly unit?: string;
  /** The column(s) it is measured on, e.g. `orders.ordered_at`. */
  readonly element?: string;
  readonly driver?: string;
  readonly description?: string;
  readonly line: number;
}

export interface CustomProperty {
  readonly property: string;
  readonly value: Json;
  readonly description?: string;
  readonly line: number;
}

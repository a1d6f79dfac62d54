import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { YamlFile } from '../parse/yaml-file.js';
import { buildDraft } from './build-definition.js';
import { checkContract, checkInDomain, type CheckSource } from './contract-checks.js';
import type { ContractDefinition } from './contract-definition.js';
import { odcsSchema } from './odcs-schema.js';
import { explainSchemaErrors } from './schema-errors.js';
import { parseSemver, semverHint } from './semver.js';

/** A contract file: `path` relative to the project root (for messages), and its text. */
export interface ContractFile {
  readonly path: string;
  readonly text: string;
}

export const CONTRACT_SUFFIX = '.odcs.yaml';

/**
 * Reads one ODCS v3.1 contract: YAML with lines, the official JSON Schema, then meshwork's own
 * checks. With `domain` (the folder the file is in) the checks that hold inside a project run too.
 * `contract` is there when the document follows the schema and its version is semantic; the other
 * problems are reported beside it.
 */
export function readContract(file: ContractFile, context: { readonly domain?: string } = {}): { contract?: ContractDefinition; diagnostics: Diagnostic[] } {
  const parsed = YamlFile.parse(file.text, file.path);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  const document = yaml.value;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return {
      diagnostics: [
        error('MESH201', `${document === null || document === undefined ? 'the file is empty' : 'the file is not a mapping'}: a contract is an ODCS document of 'key: value' lines`, {
          file: file.path,
          line: 1,
          hint: 'start from the example in docs/contracts.md: apiVersion, kind, id, version, status, schema',
        }),
      ],
    };
  }
  const doc = document as Readonly<Record<string, unknown>>;
  const schema = odcsSchema();
  const schemaProblems = explainSchemaErrors(schema.validate(doc), schema);
  const diagnostics: Diagnostic[] = schemaProblems.map((p) =>
    error('MESH201', p.message, { file: file.path, line: yaml.lineOf(p.path, p.at === 'key'), hint: p.hint }),
  );

  const versionText = typeof doc.version === 'string' ? doc.version : undefined;
  const version = versionText === undefined ? undefined : parseSemver(versionText);
  if (versionText !== undefined && !version) {
    diagnostics.push(
      error('MESH202', `version '${versionText}' is not a semantic version (MAJOR.MINOR.PATCH): contract views are per major version`, {
        file: file.path,
        line: yaml.lineOf(['version']),
        hint: semverHint(versionText),
      }),
    );
  }

  const fileName = basename(file.path);
  const fullStem = fileName.endsWith(CONTRACT_SUFFIX) ? fileName.slice(0, -CONTRACT_SUFFIX.length) : fileName;
  // `<product>.v<major>.odcs.yaml` keeps an older major version beside the current one, so that both views build.
  const pinned = /^(.+)\.v(\d+)$/.exec(fullStem);
  if (pinned && version && version.major !== Number(pinned[2])) {
    diagnostics.push(
      error('MESH204', `file ${fileName} holds version ${version.text}, not a ${pinned[2]}.x version`, {
        file: file.path,
        line: yaml.lineOf(['version']),
        hint: `rename the file ${pinned[1]}.v${version.major}.odcs.yaml, or set the version to ${pinned[2]}.x.y`,
      }),
    );
  }
  const source: CheckSource = {
    file: file.path,
    stem: pinned ? pinned[1]! : fullStem,
    document: doc,
    lineOf: (path) => yaml.lineOf(path),
  };
  const built = buildDraft(doc, source);
  diagnostics.push(...built.diagnostics, ...checkContract(built.draft, source));
  const draft = context.domain === undefined ? built.draft : { ...built.draft, domain: context.domain };
  if (context.domain !== undefined) diagnostics.push(...checkInDomain(built.draft, context.domain, source));

  const valid = schemaProblems.length === 0 && version !== undefined;
  return { ...(valid ? { contract: { ...draft, version, checksum: createHash('sha256').update(file.text).digest('hex') } } : {}), diagnostics };
}

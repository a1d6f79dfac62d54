import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { dialectFor } from '../adapters/dialects.js';
import type { Dialect } from '../adapters/dialect.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { TargetConfig } from '../parse/definitions.js';

/** `--defer` and what it defers to (`mesh build`, `mesh show`). */
export interface DeferOptions {
  /** `--defer`: unselected parents are read from another environment's relations. */
  readonly defer?: boolean;
  /** `--state <dir>`: the target/ folder of a previous run (its manifest.json), absolute or relative to the project. */
  readonly state?: string;
  /** `--defer-to <target>`: another target of mesh.yaml, whose relations are named as it would name them (implies `defer`). */
  readonly deferTo?: string;
  /** `--favor-state`: defer every unselected parent, even one this target has built. */
  readonly favorState?: boolean;
}

/** Where deferred parents are read from. */
export interface DeferSource {
  /** For messages: `target 'prod'`, `the state manifest prod-run/manifest.json`. */
  readonly name: string;
  /** The file a problem with it points at (mesh.yaml, or the state manifest), and the line. */
  readonly file: string;
  readonly line?: number;
  /** The node's relation in the other environment, as this target's connection reads it; undefined when it has none there. */
  relationOf(node: CompiledNode): string | undefined;
  /** A statement to run first on this target's connection, so that those relations can be read (DuckDB: attach the other file). */
  readonly setup?: { readonly sql: string; readonly target: TargetConfig };
}

/** Whether the options ask to defer at all. */
export function defers(options: DeferOptions): boolean {
  return options.defer === true || options.deferTo !== undefined;
}

/**
 * The other environment named by `--defer-to` or `--state` (`--defer-to` wins when both are given:
 * `--state` then serves only the `state:` selectors). Problems: MESH250 (nothing to defer to, or a
 * state folder with no manifest meshwork can read), MESH252 (no such target), MESH253 (another engine).
 */
export function deferSource(compiled: CompiledProject, options: DeferOptions): { source?: DeferSource; diagnostics: Diagnostic[] } {
  if (!defers(options)) {
    if (!options.favorState) return { diagnostics: [] };
    return { diagnostics: [error('MESH250', '--favor-state without --defer: there is nothing to defer', { hint: 'add --defer --state <dir> (or --defer-to <target>), or leave --favor-state out' })] };
  }
  if (options.deferTo !== undefined) return targetSource(compiled, options.deferTo);
  if (options.state !== undefined) return manifestSource(compiled, options.state);
  return {
    diagnostics: [
      error('MESH250', '--defer has nothing to defer to: give the folder of a previous run (--state <dir>) or a target (--defer-to <target>)', {
        hint: `e.g. mesh build --select <model> --defer --state prod-run/ (a copy of that run's target/), or --defer-to ${otherTargets(compiled)[0] ?? '<target>'}`,
      }),
    ],
  };
}

/** `--defer-to`: each node's relation as the other target names it, with no compile of its SQL. */
function targetSource(compiled: CompiledProject, name: string): { source?: DeferSource; diagnostics: Diagnostic[] } {
  const { targets } = compiled.project.config;
  const other = targets[name];
  if (!other) {
    const near = nearestNames(name, Object.keys(targets));
    return {
      diagnostics: [
        error('MESH252', `--defer-to '${name}': no target of that name in mesh.yaml`, {
          file: 'mesh.yaml',
          hint: `${near.length > 0 ? `did you mean ${near.join(', ')}? ` : ''}targets: ${Object.keys(targets).join(', ')}`,
        }),
      ],
    };
  }
  const engines = otherEngine(compiled, other.engine, `--defer-to '${name}'`, 'mesh.yaml', other.line);
  if (engines) return { diagnostics: [engines] };
  const dialect = dialectFor(other, compiled.project.domains.map((d) => d.name));
  const reader = databaseReader(compiled, other);
  return {
    source: {
      name: `target '${name}'`,
      file: 'mesh.yaml',
      ...(other.line ? { line: other.line } : {}),
      relationOf: (node) => (node.identifier ? reader.qualify(relationIn(dialect, node, node.identifier)) : undefined),
      ...(reader.setup ? { setup: reader.setup } : {}),
    },
    diagnostics: [],
  };
}

/**
 * A node's relation on another target, named as compile names it there (compile-project's schema of
 * a domain and stage, `<domain>_<stage>`, through the target's dialect).
 */
export function relationIn(dialect: Dialect, node: CompiledNode, identifier: string): string {
  return dialect.relation(dialect.schemaName(`${node.domain}_${node.stage}`), identifier);
}

/** `--state`: the relations a previous run's manifest recorded, read from the target it was compiled for. */
function manifestSource(compiled: CompiledProject, state: string): { source?: DeferSource; diagnostics: Diagnostic[] } {
  const root = compiled.project.config.root;
  const given = isAbsolute(state) ? state : resolve(root, state);
  const path = isFile(given) ? given : join(given, 'manifest.json');
  const shown = shownPath(root, path);
  const manifest = readManifest(path);
  if (typeof manifest === 'string') {
    return {
      diagnostics: [
        error('MESH250', `--defer --state: ${shown} ${manifest}`, {
          file: shown,
          hint: "give --state the target/ folder of a run on the environment to defer to (a copy: this build's compile rewrites the project's own target/manifest.json), or use --defer-to <target>",
        }),
      ],
    };
  }
  const engines = otherEngine(compiled, manifest.engine, `the state manifest ${shown}`, shown);
  if (engines) return { diagnostics: [engines] };
  const { targets } = compiled.project.config;
  const other = targets[manifest.target];
  let reader: DatabaseReader = { qualify: (relation) => relation };
  // Only an engine whose targets are separate files needs to know where the state's target lives.
  if (compiled.dialect.attachDatabase) {
    if (!other) {
      const near = nearestNames(manifest.target, Object.keys(targets));
      return {
        diagnostics: [
          error('MESH252', `the state manifest ${shown} was compiled for target '${manifest.target}', which mesh.yaml does not define: its database cannot be found`, {
            file: shown,
            hint: `${near.length > 0 ? `did you mean ${near.join(', ')}? ` : ''}add target '${manifest.target}' to mesh.yaml, or use --defer-to <target> (targets: ${Object.keys(targets).join(', ')})`,
          }),
        ],
      };
    }
    reader = databaseReader(compiled, other);
  }
  return {
    source: {
      name: `the state manifest ${shown}`,
      file: shown,
      relationOf: (node) => {
        const relation = manifest.relations.get(node.id);
        return relation ? reader.qualify(relation) : undefined;
      },
      ...(reader.setup ? { setup: reader.setup } : {}),
    },
    diagnostics: [],
  };
}

interface DatabaseReader {
  qualify(relation: string): string;
  readonly setup?: { readonly sql: string; readonly target: TargetConfig };
}

/** How this target's connection reads the other's relations: as they are, or through its database attached under an alias. */
function databaseReader(compiled: CompiledProject, other: TargetConfig): DatabaseReader {
  const { dialect, target } = compiled;
  if (!dialect.attachDatabase || !other.path || other.path === target.path) return { qualify: (relation) => relation };
  const alias = `mesh_defer_${other.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const prefix = `${dialect.quoteIdentifier(alias)}.`;
  return { qualify: (relation) => prefix + relation, setup: { sql: dialect.attachDatabase(other.path, alias), target: other } };
}

/** MESH253: the other environment runs on another engine, whose SQL this target's cannot read. */
function otherEngine(compiled: CompiledProject, engine: string, what: string, file: string, line?: number): Diagnostic | undefined {
  if (engine === compiled.target.engine) return undefined;
  return error('MESH253', `cannot defer to ${what}: it runs on ${engine}, target '${compiled.target.name}' on ${compiled.target.engine}; relations and SQL dialects differ`, {
    file,
    ...(line ? { line } : {}),
    hint: `defer to an environment on ${compiled.target.engine}${sameEngine(compiled).length > 0 ? ` (targets: ${sameEngine(compiled).join(', ')})` : ''}, or build the parents with mesh build --select +<model>`,
  });
}

function otherTargets(compiled: CompiledProject): string[] {
  return Object.keys(compiled.project.config.targets).filter((name) => name !== compiled.target.name);
}

function sameEngine(compiled: CompiledProject): string[] {
  return otherTargets(compiled).filter((name) => compiled.project.config.targets[name]!.engine === compiled.target.engine);
}

interface StateManifest {
  readonly target: string;
  readonly engine: string;
  /** Node id → the relation it was compiled to. */
  readonly relations: ReadonlyMap<string, string>;
}

/** The manifest's target and relations, or why it cannot be read (a phrase). */
function readManifest(path: string): StateManifest | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'does not exist or cannot be read';
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return 'is not JSON';
  }
  const manifest = json as { metadata?: { schema_version?: unknown; target?: unknown; engine?: unknown }; nodes?: Record<string, { relation?: unknown }> };
  const { metadata, nodes } = manifest ?? {};
  if (typeof metadata?.schema_version !== 'string' || !metadata.schema_version.startsWith('meshwork/manifest/') || typeof nodes !== 'object' || nodes === null) {
    return "is not a meshwork manifest (no metadata.schema_version 'meshwork/manifest/…' and nodes)";
  }
  if (typeof metadata.target !== 'string' || typeof metadata.engine !== 'string') return 'records no target and engine (metadata.target, metadata.engine)';
  const relations = new Map<string, string>();
  for (const [id, node] of Object.entries(nodes)) if (typeof node?.relation === 'string') relations.set(id, node.relation);
  return { target: metadata.target, engine: metadata.engine, relations };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A path as diagnostics show it: relative to the project when inside it. */
function shownPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split('\\').join('/');
}

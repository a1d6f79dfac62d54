import { EngineError, type Adapter, type SqlStatement } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import type { Environment } from '../parse/env-interpolation.js';
import { SECRET_PLACEHOLDERS } from '../template/secret-placeholder.js';

/** What stands for a secret's value in an engine's error message. */
const redacted = (name: string): string => `/* env_secret ${name} */`;

/**
 * The adapter with `{{env_secret "NAME"}}` filled in: every statement and query it is sent has each
 * placeholder (`/* env_secret NAME *\/ ''`) replaced by the variable's value from `env` as a
 * quoted string literal of the engine, just before the engine gets it; nothing else in meshwork
 * sees the value. An engine error that quotes a value sent this way has it replaced by the
 * placeholder's comment before the error reaches results, output or OpenLineage events.
 */
export function withSecrets(adapter: Adapter, env: Environment): Adapter {
  // Values sent so far, by name: what an error message may echo.
  const sent = new Map<string, string>();
  const fill = (sql: string): string => fillSecrets(sql, env, adapter.dialect, sent);
  const redact = (text: string): string => {
    let out = text;
    for (const [name, value] of sent) {
      if (value === '') continue;
      out = out.split(adapter.dialect.stringLiteral(value)).join(`'${redacted(name)}'`).split(value).join(redacted(name));
    }
    return out;
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw sent.size > 0 ? redactedError(e, redact) : e;
    }
  };
  const sending: Partial<Adapter> = {
    execute: (statements, context) => guarded(() => adapter.execute(statements.map((s): SqlStatement => ({ ...s, sql: fill(s.sql) })), context)),
    queryNumber: (sql) => guarded(() => adapter.queryNumber(fill(sql))),
    queryValues: (sql) => guarded(() => adapter.queryValues(fill(sql))),
    queryRows: (sql, limit) => guarded(() => adapter.queryRows(fill(sql), limit)),
  };
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (typeof property === 'string' && Object.hasOwn(sending, property)) return sending[property as keyof Adapter];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The SQL with each `{{env_secret}}` placeholder replaced by the variable's value as the dialect's
 * string literal; `sent` collects the values used, by name.
 */
export function fillSecrets(sql: string, env: Environment, dialect: Pick<Dialect, 'stringLiteral'>, sent?: Map<string, string>): string {
  if (!sql.includes('/* env_secret ')) return sql;
  return sql.replace(SECRET_PLACEHOLDERS, (placeholder, name: string) => {
    const value = env[name];
    // Compiling checked that it is set (MESH142); a placeholder written by hand for a variable that is not stays as it is.
    if (value === undefined) return placeholder;
    sent?.set(name, value);
    return dialect.stringLiteral(value);
  });
}

/** The error with every secret's value taken out of its message (and stack). */
function redactedError(e: unknown, redact: (text: string) => string): unknown {
  if (e instanceof EngineError) {
    const clean = new EngineError(redact(e.message), e.statementIndex, e.line, e.column, e.detail);
    clean.stack = redact(e.stack ?? '');
    return clean;
  }
  if (e instanceof Error) {
    e.message = redact(e.message);
    e.stack = redact(e.stack ?? '');
  }
  return e;
}

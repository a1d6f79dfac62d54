import type { HelperCall } from './model-helpers.js';

/**
 * What `{{env_secret "NAME"}}` renders to: an empty string literal behind a comment naming the
 * variable. It is valid SQL on every engine, so lineage, `mesh check` and the BigQuery syntax check
 * read the compiled SQL as it is, and it is all `target/` ever shows; the executor puts the value
 * in its place in the statements it sends (src/execute/secret-values.ts).
 */
export function secretPlaceholder(name: string): string {
  return `/* env_secret ${name} */ ''`;
}

/** Every placeholder in a SQL text; group 1 is the variable's name. */
export const SECRET_PLACEHOLDERS = /\/\* env_secret ([A-Za-z_][A-Za-z0-9_]*) \*\/ ''/g;

/** An environment variable's name, as `${NAME}` in YAML takes it. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Stands for "not set" when the environment is asked: no value a variable can hold. */
const UNSET = '\u0000unset';

/**
 * `{{env_secret "NAME"}}`: checks at compile time that the variable is set (MESH142 at the call
 * otherwise) and renders the placeholder. The value is asked through the hooks as `{{env}}` asks,
 * so the render is never cached, and dropped here: the compiled SQL never holds it.
 */
export function envSecret(call: HelperCall): string {
  const name = call.args[0];
  if (call.args.length !== 1 || typeof name !== 'string' || !SECRET_NAME.test(name)) {
    call.hooks.report('MESH131', "{{env_secret}} takes one environment variable's name in quotes", call.at, 'write {{env_secret "API_TOKEN"}}');
    return 'NULL';
  }
  if (Object.keys(call.hash).length > 0) {
    call.hooks.report('MESH131', `{{env_secret}} takes no ${Object.keys(call.hash).map((k) => `${k}=`).join(', ')}: a secret comes from the environment only`, call.at, `write {{env_secret "${name}"}} and set ${name} where mesh runs`);
    return 'NULL';
  }
  if (call.hooks.environment(name, UNSET, call.at) === UNSET) {
    call.hooks.report('MESH142', `environment variable '${name}' is not set ({{env_secret}} reads it)`, call.at, `set ${name} in the environment mesh runs in; a secret has no default`);
    return 'NULL';
  }
  return secretPlaceholder(name);
}

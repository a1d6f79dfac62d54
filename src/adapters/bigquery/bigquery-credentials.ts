import { readFileSync } from 'node:fs';
import { GoogleAuth, Impersonated, OAuth2Client } from 'google-auth-library';
import type { BigQuerySettings } from '../../parse/definitions.js';

const SCOPES = ['https://www.googleapis.com/auth/bigquery'];

/** Any client google-auth-library makes (OAuth2, JWT, Compute, Impersonated, …). */
export type AuthClient = Awaited<ReturnType<GoogleAuth['getClient']>>;

/** Credentials ready for the client, and how they were found (never the secret itself). */
export interface LoadedCredentials {
  readonly client: AuthClient;
  /** `oauth-token from $MESH_BQ_TOKEN`, `service account key file …`, … */
  readonly source: string;
}

/** Why credentials could not be loaded, and what to do: shown as MESH182 (no secret in either). */
export interface CredentialProblem {
  readonly message: string;
  readonly hint: string;
}

/**
 * The only importer of google-auth-library. Loads the target's credentials (`method`), wrapped to
 * impersonate a service account when asked; `env` is the environment the CLI passes in.
 */
export async function loadCredentials(settings: BigQuerySettings, env: Readonly<Record<string, string | undefined>>): Promise<LoadedCredentials | CredentialProblem> {
  const loaded = await baseCredentials(settings, env);
  if ('hint' in loaded) return loaded;
  const target = settings.impersonateServiceAccount;
  if (!target) return loaded;
  return {
    client: new Impersonated({ sourceClient: loaded.client, targetPrincipal: target, targetScopes: SCOPES, lifetime: 3600, delegates: [] }),
    source: `${loaded.source}, impersonating ${target}`,
  };
}

async function baseCredentials(settings: BigQuerySettings, env: Readonly<Record<string, string | undefined>>): Promise<LoadedCredentials | CredentialProblem> {
  switch (settings.method) {
    case 'oauth-token': {
      const name = settings.tokenEnv;
      if (!name) return { message: 'method oauth-token needs token_env: the environment variable holding the access token', hint: 'add `token_env: NAME` to the target and set NAME (e.g. NAME=$(gcloud auth print-access-token))' };
      const token = env[name]?.trim();
      if (!token) return { message: `the access token variable ${name} is not set`, hint: `set ${name} to an access token (e.g. export ${name}=$(gcloud auth print-access-token)) before running mesh` };
      const client = new OAuth2Client();
      client.setCredentials({ access_token: token });
      return { client, source: `oauth-token from $${name}` };
    }
    case 'service-account': {
      const file = settings.keyfile;
      if (!file) return { message: 'method service-account needs keyfile: the path of the service account JSON key', hint: 'add `keyfile: path/to/key.json` to the target (keep the file out of git)' };
      let parsed: { type?: unknown; client_email?: unknown; private_key?: unknown };
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        // Only the path is shown: never the file's content.
        return { message: missing ? `the service account key file ${file} does not exist` : `the service account key file ${file} is not a JSON key`, hint: 'download a JSON key for the service account (IAM → Service accounts → Keys) and point keyfile at it' };
      }
      if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') {
        return { message: `the file ${file} is not a service account key (no client_email or private_key)`, hint: 'point keyfile at a service account JSON key, not at an OAuth client or ADC file' };
      }
      const client = await new GoogleAuth({ keyFilename: file, scopes: SCOPES }).getClient();
      return { client, source: `service account ${parsed.client_email} (key file ${file})` };
    }
    case 'adc': {
      const keyFilename = env.GOOGLE_APPLICATION_CREDENTIALS;
      let client: AuthClient;
      try {
        client = await new GoogleAuth({ scopes: SCOPES, ...(keyFilename ? { keyFilename } : {}) }).getClient();
      } catch {
        return {
          message: 'no application default credentials were found',
          hint: 'run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS to a key file, or choose method service-account or oauth-token in the target',
        };
      }
      return { client, source: keyFilename ? `application default credentials (${keyFilename})` : 'application default credentials' };
    }
  }
}

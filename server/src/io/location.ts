export type FileFormat = 'csv' | 'parquet' | 'jsonl' | 'arrow';
export type DatabaseKind = 'duckdb' | 'postgres' | 'clickhouse';

/** Where rows come from: a file (by its extension) or a database (by its URL scheme). */
export type Location = { kind: 'file'; format: FileFormat; path: string } | { kind: 'database'; database: DatabaseKind; target: string };

const FILE_FORMATS: readonly [RegExp, FileFormat][] = [
  [/\.parquet$/i, 'parquet'],
  [/\.(jsonl|ndjson)$/i, 'jsonl'],
  [/\.(arrow|feather|ipc|arrows)$/i, 'arrow'],
];

const SCHEMES: Readonly<Record<string, DatabaseKind>> = {
  'duckdb:': 'duckdb',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'clickhouse:': 'clickhouse',
  'clickhouses:': 'clickhouse',
};

export function parseLocation(text: string): Location {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(text)?.[1]?.toLowerCase();
  const database = scheme === undefined ? undefined : SCHEMES[scheme];
  if (database === 'duckdb') return { kind: 'database', database, target: text.slice(scheme!.length) };
  if (database !== undefined) return { kind: 'database', database, target: text };
  const format = FILE_FORMATS.find(([pattern]) => pattern.test(text))?.[1] ?? 'csv';
  return { kind: 'file', format, path: text };
}

/**
 * The URL without its password (and without query parameters, which may carry one), for reports
 * and messages. Anything that does not parse is shown as its scheme only.
 */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return `${/^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0] ?? ''}//(unparsable URL)`;
  }
}

/** A message from a driver or server with the secret replaced, in case it quotes a connection string. */
export function withoutSecret(message: string, secret: string | undefined): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return secret ? oneLine.split(secret).join('***') : oneLine;
}

/**
 * A query's text as a report may show it: the connection's own password (from `location`, where
 * the server put it back; four characters or more) replaced by ***, and so is whatever the text itself holds as a secret:
 * the password of a URL (`postgres://user:secret@host`) and the value given to a password, secret,
 * token or key (`password=…`, `SECRET '…'`, as DuckDB's CREATE SECRET and libpq strings write them).
 */
export function queryWithoutSecrets(query: string, location: string): string {
  const password = URL.canParse(location) ? decodeURIComponent(new URL(location).password) : '';
  // a password of a few characters would also match ordinary words of the query
  const own = password.length < 4 ? query : query.split(password).join('***');
  return own
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:)[^\s/@'"]+@/gi, '$1***@')
    .replace(SECRET_VALUES, (_, name: string, separator: string) => `${name}${separator}***`);
}

/** A secret's name, then `=`/`:` and a value, or a quoted value after a space (DuckDB: `SECRET 'v'`). */
const SECRET_VALUES =
  /\b((?:[a-z_]*_)?(?:password|passwd|pwd|secret|token|api_?key|access_?key(?:_id)?|key_id|session_token))(\s*[=:]\s*|\s+(?='|"))('(?:[^']|'')*'|"[^"]*"|[^\s,;)']+)/gi;

/** The location as it may be shown: a database URL without its password. */
export function displayLocation(text: string): string {
  const location = parseLocation(text);
  return location.kind === 'database' && location.database !== 'duckdb' ? redactUrl(text) : text;
}

/** The local files a location reads (a file, or a DuckDB database file), for the output guard. */
export function localFileOf(text: string): string[] {
  const location = parseLocation(text);
  if (location.kind === 'file') return [location.path];
  return location.database === 'duckdb' ? [location.target] : [];
}

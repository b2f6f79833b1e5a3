import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { indexPath } from "../lib/paths";
import { PgSql, redactUrl, SqliteSql, type Sql } from "./sql";

/**
 * The ledger index: one SQLite file per network. `events` keeps every event of the five contracts as decoded;
 * the other tables are derived from it in the same transaction as the events and the cursor, so that a killed
 * sync leaves the file at the end of the last committed block range. Amounts (uint128/uint256) are stored as
 * decimal TEXT: SQLite integers stop at 2^63.
 *
 * The same schema lives in a PostgreSQL database when SMEFIN_INDEX_URL names one (openIndex): see the migrations.
 */
export type Db = Database.Database;

/** The first schema's tables. */
const TABLES_1 = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- The last block whose events are all in the index, and its time: where the next sync starts.
  CREATE TABLE cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_block INTEGER NOT NULL,
    last_block_time INTEGER NOT NULL
  );

  -- Every event, as the chain emitted it; args is the decoded event as JSON (integers as decimal strings).
  CREATE TABLE events (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    block_time INTEGER NOT NULL,
    contract TEXT NOT NULL,
    name TEXT NOT NULL,
    loan_id INTEGER,
    args TEXT NOT NULL,
    PRIMARY KEY (block_number, log_index),
    UNIQUE (tx_hash, log_index)
  ) WITHOUT ROWID;
  CREATE INDEX events_by_name ON events (name);
  CREATE INDEX events_by_loan ON events (loan_id) WHERE loan_id IS NOT NULL;

  CREATE TABLE participants (
    account TEXT PRIMARY KEY,
    role INTEGER NOT NULL,
    status INTEGER NOT NULL,
    agency_kinds INTEGER NOT NULL,
    scale INTEGER NOT NULL,
    suitability INTEGER NOT NULL,
    admitted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    credential_hash TEXT NOT NULL,
    admitted_block INTEGER NOT NULL,
    updated_block INTEGER NOT NULL
  );

  CREATE TABLE policies (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    lpr_bps INTEGER NOT NULL,
    rate_cap_bps INTEGER NOT NULL,
    fee_cap_bps INTEGER NOT NULL,
    required_kinds INTEGER NOT NULL,
    grace_period INTEGER NOT NULL,
    default_period INTEGER NOT NULL,
    enterprise_cap TEXT NOT NULL,
    regulator TEXT NOT NULL,
    PRIMARY KEY (block_number, log_index)
  );

  CREATE TABLE attestations (
    uid TEXT PRIMARY KEY,
    attester TEXT NOT NULL,
    relayer TEXT NOT NULL,
    kind INTEGER NOT NULL,
    subject TEXT NOT NULL,
    value TEXT NOT NULL,
    data_hash TEXT NOT NULL,
    ref_uid TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    -- Relayed attestations: what attestBySignature was called with, read from the transaction input.
    nonce TEXT,
    deadline TEXT,
    signature TEXT,
    -- Operating disclosures.
    period INTEGER,
    revoked_block INTEGER,
    revoked_log_index INTEGER,
    revoked_time INTEGER,
    revoked_by TEXT,
    revoke_reason TEXT
  );
  CREATE INDEX attestations_by_subject ON attestations (subject);
  CREATE INDEX attestations_by_attester ON attestations (attester);

  CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    enterprise TEXT NOT NULL,
    state INTEGER NOT NULL,
    frozen INTEGER NOT NULL,
    amount TEXT NOT NULL,
    min_raise TEXT NOT NULL,
    rate_bps INTEGER NOT NULL,
    method INTEGER NOT NULL,
    instalments INTEGER NOT NULL,
    period_length INTEGER NOT NULL,
    funding_period INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    metadata_hash TEXT NOT NULL,
    risk_grade INTEGER NOT NULL,
    fee_bps INTEGER NOT NULL,
    funding_deadline INTEGER NOT NULL,
    operator TEXT,
    started_at INTEGER NOT NULL,
    published_block INTEGER NOT NULL,
    published_time INTEGER NOT NULL,
    listed_block INTEGER,
    attestation_uids TEXT NOT NULL,
    raised TEXT NOT NULL,
    escrow TEXT NOT NULL,
    principal TEXT NOT NULL,
    repaid TEXT NOT NULL,
    distributed TEXT NOT NULL,
    claimed TEXT NOT NULL,
    refunded TEXT NOT NULL,
    closing_amount TEXT NOT NULL,
    bond TEXT NOT NULL,
    guarantee_paid TEXT NOT NULL,
    recovered TEXT NOT NULL,
    recovery_claimed TEXT NOT NULL,
    guarantor TEXT,
    updated_block INTEGER NOT NULL
  );

  CREATE TABLE positions (
    loan_id INTEGER NOT NULL,
    investor TEXT NOT NULL,
    contributed TEXT NOT NULL,
    claimed TEXT NOT NULL,
    refunded INTEGER NOT NULL,
    PRIMARY KEY (loan_id, investor)
  ) WITHOUT ROWID;
  CREATE INDEX positions_by_investor ON positions (investor);

  -- Token balances rebuilt from Transfer events.
  CREATE TABLE balances (account TEXT PRIMARY KEY, balance TEXT NOT NULL);

  -- Every movement of money, one row per event that moves or books tokens.
  CREATE TABLE movements (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    loan_id INTEGER,
    from_account TEXT,
    to_account TEXT,
    amount TEXT NOT NULL,
    PRIMARY KEY (block_number, log_index, seq)
  ) WITHOUT ROWID;
  CREATE INDEX movements_by_loan ON movements (loan_id) WHERE loan_id IS NOT NULL;
  CREATE INDEX movements_by_kind ON movements (kind);

`;

/** The first schema's regulator_actions (SQLite only: replaced by a portable one in the fourth migration). */
const REGULATOR_ACTIONS_1 = `
  -- Every action of the regulator, straight from the events.
  CREATE VIEW regulator_actions AS
    SELECT e.block_number, e.log_index, e.block_time, e.tx_hash, e.contract, e.name AS action, e.loan_id, e.args
    FROM events e
    WHERE e.name IN ('ParticipantAdmitted', 'AdmissionRenewed', 'ParticipantSuspended', 'ParticipantReinstated',
                     'ParticipantRevoked', 'AgencyKindsSet', 'PolicySet', 'PlatformContractSet', 'PauseSet',
                     'LoanFrozen', 'LoanUnfrozen')
       OR (e.name = 'Attested' AND json_extract(e.args, '$.kind') = 7)
       OR (e.name = 'AttestationRevoked' AND EXISTS (
             SELECT 1 FROM participants p WHERE p.account = json_extract(e.args, '$.revoker') AND p.role = 1))
       OR (e.name IN ('SuitabilitySet', 'LoanLate', 'LoanDefaulted') AND EXISTS (
             SELECT 1 FROM participants p WHERE p.account = json_extract(e.args, '$.by') AND p.role = 1));
`;

const TABLES_2 = `
  -- The hashes of the last blocks indexed (indexer/chain.ts): how a reorganisation or another chain is noticed.
  CREATE TABLE blocks (
    number INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    time INTEGER NOT NULL
  );
`;

const TABLES_3 = `
  -- The supervisory committee's proposals, rebuilt from its events.
  CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    proposer TEXT NOT NULL,
    target TEXT NOT NULL,
    data TEXT NOT NULL,
    description TEXT NOT NULL,
    created_block INTEGER NOT NULL,
    created_log_index INTEGER NOT NULL,
    created_time INTEGER NOT NULL,
    created_tx TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    queued_block INTEGER,
    queued_time INTEGER,
    eta INTEGER,
    executed_block INTEGER,
    executed_time INTEGER,
    executed_tx TEXT,
    executor TEXT,
    cancelled_block INTEGER,
    cancelled_time INTEGER,
    cancelled_tx TEXT,
    cancelled_by TEXT,
    updated_block INTEGER NOT NULL
  );

  -- Every approval of a proposal (the proposer's first).
  CREATE TABLE proposal_approvals (
    proposal_id INTEGER NOT NULL,
    member TEXT NOT NULL,
    approvals INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    PRIMARY KEY (proposal_id, member)
  ) WITHOUT ROWID;

  -- The committee's threshold and notice period over time.
  CREATE TABLE committee_settings (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    setting TEXT NOT NULL CHECK (setting IN ('threshold', 'noticePeriod')),
    value INTEGER NOT NULL,
    PRIMARY KEY (block_number, log_index)
  ) WITHOUT ROWID;
`;

const TABLES_4 = `
  -- Every address among an event's top-level arguments, by argument name: the account filter of the events,
  -- a participant's history and the regulator's actions join it (portable SQL, no JSON functions).
  CREATE TABLE event_accounts (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    arg TEXT NOT NULL,
    account TEXT NOT NULL,
    PRIMARY KEY (block_number, log_index, arg)
  ) WITHOUT ROWID;
  CREATE INDEX event_accounts_by_account ON event_accounts (account);
  CREATE INDEX attestations_by_place ON attestations (block_number, log_index);
  CREATE INDEX attestations_by_revocation ON attestations (revoked_block, revoked_log_index) WHERE revoked_block IS NOT NULL;

  -- The one writer of the index (indexer/lease.ts): who holds it and until when (unix ms), renewed by every
  -- range it commits.
  CREATE TABLE writer_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
`;

/**
 * Indexes of the app's lists at the size of a province (indexer/lists.ts): the regulator's loans by state, newest
 * first, and attestations of one kind in a list's order (operating disclosures by period).
 */
const LIST_INDEXES = `
  CREATE INDEX loans_by_state ON loans (state, id);
  CREATE INDEX attestations_by_kind ON attestations (kind, period, block_number, log_index);
`;

/** Every regulator action, from the events, the attestations they recorded and who sent them. */
const REGULATOR_ACTIONS = `
  CREATE VIEW regulator_actions AS
    SELECT e.block_number, e.log_index, e.block_time, e.tx_hash, e.contract, e.name AS action, e.loan_id, e.args
    FROM events e
    WHERE e.name IN ('ParticipantAdmitted', 'AdmissionRenewed', 'ParticipantSuspended', 'ParticipantReinstated',
                     'ParticipantRevoked', 'AgencyKindsSet', 'PolicySet', 'PlatformContractSet', 'PauseSet',
                     'LoanFrozen', 'LoanUnfrozen')
       OR (e.name = 'Attested' AND EXISTS (
             SELECT 1 FROM attestations a WHERE a.block_number = e.block_number AND a.log_index = e.log_index AND a.kind = 7))
       OR (e.name = 'AttestationRevoked' AND EXISTS (
             SELECT 1 FROM attestations a JOIN participants p ON p.account = a.revoked_by
             WHERE a.revoked_block = e.block_number AND a.revoked_log_index = e.log_index AND p.role = 1))
       OR (e.name IN ('SuitabilitySet', 'LoanLate', 'LoanDefaulted') AND EXISTS (
             SELECT 1 FROM event_accounts x JOIN participants p ON p.account = x.account
             WHERE x.block_number = e.block_number AND x.log_index = e.log_index AND x.arg = 'by' AND p.role = 1));
`;

/** Top-level address arguments of the events already indexed, as the sync records them (ADDRESS_ARG in decode.ts). */
const SQLITE_EVENT_ACCOUNTS = `
  INSERT INTO event_accounts (block_number, log_index, arg, account)
    SELECT e.block_number, e.log_index, j.key, j.value FROM events e, json_each(e.args) j
    WHERE j.type = 'text' AND j.value GLOB '0x' || replace(hex(zeroblob(20)), '00', '[0-9a-f][0-9a-f]');
`;

/** SQLite: `PRAGMA user_version` counts the entries applied; index files of every earlier version keep working. */
const SQLITE_MIGRATIONS: string[] = [
  TABLES_1 + REGULATOR_ACTIONS_1,
  TABLES_2,
  TABLES_3,
  `DROP VIEW regulator_actions;\n${TABLES_4}${SQLITE_EVENT_ACCOUNTS}${REGULATOR_ACTIONS}`,
  LIST_INDEXES,
];

/** The SQLite DDL in PostgreSQL's words: 64-bit integers, no WITHOUT ROWID (its tables have no rowid). */
const postgresDdl = (ddl: string) => ddl.replace(/\bINTEGER\b/g, "BIGINT").replace(/\) WITHOUT ROWID;/g, ");");

/**
 * PostgreSQL: the same tables, indexes and view; `schema_version` holds the number of entries applied. Later
 * schema changes are new entries at the end of both lists.
 */
const POSTGRES_MIGRATIONS: string[] = [postgresDdl(TABLES_1 + TABLES_2 + TABLES_3 + TABLES_4 + REGULATOR_ACTIONS), postgresDdl(LIST_INDEXES)];

/** Opens (creating when needed) and migrates the index. */
export function openDb(path: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (options.readonly) return db;
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Whether `url` names a PostgreSQL server (postgres:// or postgresql://). */
export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

export interface OpenIndexOptions {
  /** The network whose SQLite file is the default (DATA/index-NETWORK.sqlite, lib/paths). */
  network?: string;
  /** The SQLite file; wins over `network`. */
  path?: string;
  /** A postgres:// URL; default SMEFIN_INDEX_URL. When set, the index lives there and `path`/`network` are not used. */
  url?: string;
  /** Read only: SQLite opens the file without creating or migrating it (it must exist). */
  readonly?: boolean;
}

/**
 * The index as a `Sql`: PostgreSQL when `url` (or SMEFIN_INDEX_URL) is a postgres:// URL, migrated on opening;
 * the SQLite file otherwise. Close it when done (a PostgreSQL index holds a pool of connections).
 */
export async function openIndex(options: OpenIndexOptions = {}): Promise<Sql> {
  const url = options.url ?? process.env.SMEFIN_INDEX_URL;
  if (url) {
    if (!isPostgresUrl(url)) throw new Error(`SMEFIN_INDEX_URL must be a postgres:// URL (got ${redactUrl(url)}); leave it unset for the SQLite file`);
    const sql = new PgSql(url);
    try {
      await migratePostgres(sql);
    } catch (error) {
      await sql.close();
      throw error;
    }
    return sql;
  }
  const path = options.path ?? (options.network ? indexPath(options.network) : undefined);
  if (!path) throw new Error("openIndex needs a SQLite path or network, or a postgres:// URL");
  return new SqliteSql(openDb(path, { readonly: options.readonly }));
}

/** Where the index of `network` is, as messages name it: the PostgreSQL URL (no password) or the SQLite file. */
export function indexLocation(options: OpenIndexOptions = {}): string {
  const url = options.url ?? process.env.SMEFIN_INDEX_URL;
  if (url) return redactUrl(url);
  return options.path ?? indexPath(options.network ?? "localhost");
}

/** Applies the PostgreSQL migrations not yet applied, one server-wide migration at a time. */
export async function migratePostgres(sql: Sql): Promise<void> {
  await sql.transaction(async (tx) => {
    // Two app servers starting together: the second waits here, then finds the schema applied.
    await tx.run("SELECT pg_advisory_xact_lock(7283610455)");
    await tx.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const row = await tx.get<{ version: number }>("SELECT version FROM schema_version");
    if (!row) await tx.run("INSERT INTO schema_version (version) VALUES (0)");
    for (let v = row?.version ?? 0; v < POSTGRES_MIGRATIONS.length; v++) {
      await tx.run(POSTGRES_MIGRATIONS[v]);
      await tx.run("UPDATE schema_version SET version = ?", [v + 1]);
    }
  });
}

export async function getMeta(sql: Sql, key: string): Promise<string | undefined> {
  return (await sql.get<{ value: string }>("SELECT value FROM meta WHERE key = ?", [key]))?.value;
}

export async function setMeta(sql: Sql, key: string, value: string): Promise<void> {
  await sql.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
}

export interface Cursor {
  lastBlock: number;
  lastBlockTime: number;
}

export async function getCursor(sql: Sql): Promise<Cursor | undefined> {
  const row = await sql.get<{ last_block: number; last_block_time: number }>("SELECT last_block, last_block_time FROM cursor WHERE id = 1");
  return row && { lastBlock: row.last_block, lastBlockTime: row.last_block_time };
}

export async function setCursor(sql: Sql, cursor: Cursor): Promise<void> {
  await sql.run(
    "INSERT INTO cursor (id, last_block, last_block_time) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET last_block = excluded.last_block, last_block_time = excluded.last_block_time",
    [cursor.lastBlock, cursor.lastBlockTime],
  );
}

/** The tables whose rows make up the index (for comparisons of two index files). */
export const DATA_TABLES = ["meta", "cursor", "events", "event_accounts", "participants", "policies", "attestations", "loans", "positions", "balances", "movements", "proposals", "proposal_approvals", "committee_settings"] as const;

/** The tables derived from `events` by the reducer (indexer/ledger.ts). */
export const DERIVED_TABLES = ["participants", "policies", "attestations", "loans", "positions", "balances", "movements", "proposals", "proposal_approvals", "committee_settings"] as const;

import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The ledger index: one SQLite file per network. `events` keeps every event of the five contracts as decoded;
 * the other tables are derived from it in the same transaction as the events and the cursor, so that a killed
 * sync leaves the file at the end of the last committed block range. Amounts (uint128/uint256) are stored as
 * decimal TEXT: SQLite integers stop at 2^63.
 *
 * Schema changes are new entries at the end of MIGRATIONS; `PRAGMA user_version` counts those applied.
 */
export type Db = Database.Database;

const MIGRATIONS: string[] = [
  `
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
  `,
  `
  -- The hashes of the last blocks indexed (indexer/chain.ts): how a reorganisation or another chain is noticed.
  CREATE TABLE blocks (
    number INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    time INTEGER NOT NULL
  );
  `,
  `
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
  `,
];

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
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

export interface Cursor {
  lastBlock: number;
  lastBlockTime: number;
}

export function getCursor(db: Db): Cursor | undefined {
  const row = db.prepare("SELECT last_block, last_block_time FROM cursor WHERE id = 1").get() as
    | { last_block: number; last_block_time: number }
    | undefined;
  return row && { lastBlock: row.last_block, lastBlockTime: row.last_block_time };
}

export function setCursor(db: Db, cursor: Cursor): void {
  db.prepare(
    "INSERT INTO cursor (id, last_block, last_block_time) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET last_block = excluded.last_block, last_block_time = excluded.last_block_time",
  ).run(cursor.lastBlock, cursor.lastBlockTime);
}

/** The tables whose rows make up the index (for comparisons of two index files). */
export const DATA_TABLES = ["meta", "cursor", "events", "participants", "policies", "attestations", "loans", "positions", "balances", "movements", "proposals", "proposal_approvals", "committee_settings"] as const;

/** The tables derived from `events` by the reducer (indexer/ledger.ts). */
export const DERIVED_TABLES = ["participants", "policies", "attestations", "loans", "positions", "balances", "movements", "proposals", "proposal_approvals", "committee_settings"] as const;

import GRDB

/// The database schema, as append-only migrations.
///
/// A shipped migration is never edited: a change to the schema is a new migration.
/// Migrations use SQL only, never the app's types, so that they mean the same forever.
/// The constraints (NOT NULL, CHECK, UNIQUE, foreign keys) are the schema's own guard:
/// a bug in Swift cannot write a status that does not exist or a record of no party.
/// Sets of values are checked as `x = 'a' OR x = 'b'`, not `x IN ('a', 'b')`: in a CHECK,
/// SQLite 3.40 builds an ephemeral table for an IN list on every row (measured: 6 µs per insert).
enum Schema {
    /// Every migration, in order. Their names are their identities in `grdb_migrations`: never rename one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: parties, registries, talks, exchanges, journal", migrate: v1)
        migrator.registerMigration("v2: unequal counts, signer keys, exchange lists, approvals, handover", migrate: v2)
        migrator.registerMigration("v3: match runs, candidate pairs, review decisions and links", migrate: v3)
        migrator.registerMigration("v4: user accounts and web sessions", migrate: v4)
        migrator.registerMigration("v5: the name search index", migrate: v5)
        migrator.registerMigration("v6: a leaner name search index, and how far it reaches", migrate: v6)
        migrator.registerMigration("v7: the journal's entries by subject", migrate: v7)
        migrator.registerMigration("v8: the name index's vocabulary", migrate: v8)
        migrator.registerMigration("v9: an import's encoding may be KOI8-R", migrate: v9)
        migrator.registerMigration("v10: the checks a list version passed when frozen; handovers closed in part", migrate: v10)
        migrator.registerMigration("v11: a candidate pair's match weight", migrate: v11)
        migrator.registerMigration("v12: nodes, peers, transmissions and witnessed journals", migrate: v12)
        return migrator
    }

    /// v1: Parties, registries, talks, exchanges, journal.
    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE party (
                    code TEXT PRIMARY KEY NOT NULL CHECK (code GLOB '[A-Z0-9][A-Z0-9]*' AND length(code) BETWEEN 2 AND 12),
                    name TEXT NOT NULL CHECK (length(name) > 0)
                ) STRICT;

                CREATE TABLE party_role (
                    party TEXT NOT NULL REFERENCES party(code),
                    role TEXT NOT NULL CHECK ((role = 'belligerent' OR role = 'mediator' OR role = 'host' OR role = 'observer')),
                    PRIMARY KEY (party, role)
                ) STRICT;

                CREATE TABLE registry_import (
                    id INTEGER PRIMARY KEY,
                    party TEXT NOT NULL REFERENCES party(code),
                    kind TEXT NOT NULL CHECK ((kind = 'held' OR kind = 'sought')),
                    file_name TEXT NOT NULL,
                    file_digest TEXT NOT NULL CHECK (length(file_digest) = 64),
                    encoding TEXT NOT NULL CHECK ((encoding = 'utf-8' OR encoding = 'windows-1251')),
                    rows INTEGER NOT NULL CHECK (rows >= 0),
                    added INTEGER NOT NULL CHECK (added BETWEEN 0 AND rows)
                ) STRICT;
                CREATE INDEX registry_import_digest ON registry_import(party, kind, file_digest);

                CREATE TABLE record (
                    id INTEGER PRIMARY KEY,
                    party TEXT NOT NULL REFERENCES party(code),
                    kind TEXT NOT NULL CHECK ((kind = 'held' OR kind = 'sought')),
                    reference TEXT NOT NULL CHECK (length(reference) > 0),
                    status TEXT NOT NULL CHECK (
                        (kind = 'held' AND (status = 'registered' OR status = 'listed' OR status = 'handed_over'
                            OR status = 'repatriated' OR status = 'released' OR status = 'transferred'
                            OR status = 'escaped' OR status = 'deceased' OR status = 'refused_repatriation'))
                        OR (kind = 'sought' AND (status = 'open' OR status = 'located' OR status = 'returned' OR status = 'closed'))),
                    surname TEXT NOT NULL CHECK (length(surname) > 0),
                    given_name TEXT,
                    patronymic TEXT,
                    sex TEXT CHECK ((sex = 'male' OR sex = 'female')),
                    date_of_birth TEXT CHECK (date_of_birth GLOB '[0-9][0-9][0-9][0-9]'
                        OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                        OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    place_of_birth TEXT,
                    rank TEXT,
                    service_number TEXT,
                    armed_force TEXT,
                    unit TEXT,
                    depends_on TEXT,
                    father_name TEXT,
                    mother_maiden_name TEXT,
                    inform_name TEXT,
                    inform_address TEXT,
                    category TEXT NOT NULL CHECK ((category = 'military' OR category = 'civilian')),
                    health TEXT CHECK (health = 'well' OR health = 'wounded' OR health = 'sick'
                        OR health = 'seriously_wounded' OR health = 'seriously_sick'),
                    captured_on TEXT CHECK (captured_on GLOB '[0-9][0-9][0-9][0-9]*'),
                    captured_at TEXT,
                    interned_at TEXT,
                    synthetic INTEGER NOT NULL CHECK ((synthetic = 0 OR synthetic = 1)),
                    UNIQUE (party, kind, reference)
                ) STRICT;
                CREATE TABLE round (
                    id INTEGER PRIMARY KEY,
                    venue_city TEXT NOT NULL CHECK (length(venue_city) > 0),
                    venue_country TEXT NOT NULL CHECK (length(venue_country) > 0),
                    host TEXT NOT NULL REFERENCES party(code),
                    starts_on TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    ends_on TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    CHECK (starts_on <= ends_on)
                ) STRICT;

                CREATE TABLE round_participant (
                    round INTEGER NOT NULL REFERENCES round(id),
                    party TEXT NOT NULL REFERENCES party(code),
                    role TEXT NOT NULL CHECK ((role = 'party' OR role = 'mediator')),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    PRIMARY KEY (round, role, position),
                    UNIQUE (round, role, party)
                ) STRICT;

                CREATE TABLE agreement (
                    id INTEGER PRIMARY KEY,
                    round INTEGER NOT NULL REFERENCES round(id),
                    subject TEXT NOT NULL CHECK ((subject = 'prisoners_of_war' OR subject = 'civilians' OR subject = 'remains')),
                    quantity INTEGER CHECK (quantity > 0),
                    basis TEXT CHECK ((basis = 'per_side' OR basis = 'total' OR basis = 'unspecified')),
                    deadline TEXT,
                    wording TEXT NOT NULL,
                    CHECK ((quantity IS NULL) = (basis IS NULL))
                ) STRICT;

                CREATE TABLE agreement_category (
                    agreement INTEGER NOT NULL REFERENCES agreement(id),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    category TEXT NOT NULL,
                    PRIMARY KEY (agreement, position),
                    UNIQUE (agreement, category)
                ) STRICT;

                CREATE TABLE exchange (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    agreement INTEGER REFERENCES agreement(id)
                ) STRICT;

                CREATE TABLE delivery (
                    exchange INTEGER NOT NULL REFERENCES exchange(id),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    from_party TEXT NOT NULL REFERENCES party(code),
                    to_party TEXT NOT NULL REFERENCES party(code),
                    category TEXT NOT NULL CHECK ((category = 'military' OR category = 'civilian')),
                    count INTEGER NOT NULL CHECK (count > 0),
                    PRIMARY KEY (exchange, position),
                    UNIQUE (exchange, from_party, to_party, category),
                    CHECK (from_party <> to_party)
                ) STRICT;

                CREATE TABLE journal (
                    sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    state BLOB CHECK (state IS NULL OR length(state) = 32),
                    detail TEXT NOT NULL,
                    previous BLOB NOT NULL CHECK (length(previous) = 32),
                    hash BLOB NOT NULL CHECK (length(hash) = 32)
                ) STRICT;
                CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries cannot be changed'); END;
                CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries cannot be deleted'); END;

                CREATE TABLE checkpoint (
                    size INTEGER PRIMARY KEY CHECK (size >= 0),
                    root BLOB NOT NULL CHECK (length(root) = 32),
                    at TEXT NOT NULL
                ) STRICT;
                CREATE TRIGGER checkpoint_append_only_update BEFORE UPDATE ON checkpoint
                    BEGIN SELECT RAISE(ABORT, 'checkpoints cannot be changed'); END;
                CREATE TRIGGER checkpoint_append_only_delete BEFORE DELETE ON checkpoint
                    BEGIN SELECT RAISE(ABORT, 'checkpoints cannot be deleted'); END;
                """)
    }

    /// v2: Unequal counts, signer keys, exchange lists, approvals, handover.
    private static func v2(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE agreement ADD COLUMN justification TEXT CHECK (justification IS NULL OR length(justification) > 0);

                CREATE TABLE agreement_share (
                    agreement INTEGER NOT NULL REFERENCES agreement(id),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    party TEXT NOT NULL REFERENCES party(code),
                    count INTEGER NOT NULL CHECK (count > 0),
                    PRIMARY KEY (agreement, position),
                    UNIQUE (agreement, party)
                ) STRICT;

                CREATE TABLE signer_key (
                    id INTEGER PRIMARY KEY,
                    signer TEXT NOT NULL CHECK (length(signer) > 0),
                    public_key TEXT NOT NULL UNIQUE CHECK (length(public_key) = 44),
                    at TEXT NOT NULL
                ) STRICT;

                CREATE TABLE exchange_list (
                    id INTEGER PRIMARY KEY,
                    agreement INTEGER NOT NULL REFERENCES agreement(id),
                    releasing TEXT NOT NULL REFERENCES party(code),
                    receiving TEXT NOT NULL REFERENCES party(code),
                    UNIQUE (agreement, releasing),
                    CHECK (releasing <> receiving)
                ) STRICT;

                CREATE TABLE list_version (
                    id INTEGER PRIMARY KEY,
                    list INTEGER NOT NULL REFERENCES exchange_list(id),
                    number INTEGER NOT NULL CHECK (number > 0),
                    frozen_at TEXT,
                    digest TEXT CHECK (digest IS NULL OR length(digest) = 64),
                    document TEXT,
                    UNIQUE (list, number),
                    CHECK ((frozen_at IS NULL) = (digest IS NULL) AND (digest IS NULL) = (document IS NULL))
                ) STRICT;
                CREATE TRIGGER list_version_frozen_update BEFORE UPDATE ON list_version WHEN OLD.digest IS NOT NULL
                    BEGIN SELECT RAISE(ABORT, 'a frozen list version cannot be changed'); END;
                CREATE TRIGGER list_version_frozen_delete BEFORE DELETE ON list_version WHEN OLD.digest IS NOT NULL
                    BEGIN SELECT RAISE(ABORT, 'a frozen list version cannot be deleted'); END;

                CREATE TABLE list_entry (
                    version INTEGER NOT NULL REFERENCES list_version(id),
                    position INTEGER NOT NULL CHECK (position > 0),
                    record INTEGER NOT NULL REFERENCES record(id),
                    PRIMARY KEY (version, position),
                    UNIQUE (version, record)
                ) STRICT;
                CREATE INDEX list_entry_record ON list_entry(record);
                CREATE TRIGGER list_entry_frozen_insert BEFORE INSERT ON list_entry
                    WHEN (SELECT digest FROM list_version WHERE id = NEW.version) IS NOT NULL
                    BEGIN SELECT RAISE(ABORT, 'the entries of a frozen list version cannot be changed'); END;
                CREATE TRIGGER list_entry_frozen_update BEFORE UPDATE ON list_entry
                    WHEN (SELECT digest FROM list_version WHERE id = OLD.version) IS NOT NULL
                    BEGIN SELECT RAISE(ABORT, 'the entries of a frozen list version cannot be changed'); END;
                CREATE TRIGGER list_entry_frozen_delete BEFORE DELETE ON list_entry
                    WHEN (SELECT digest FROM list_version WHERE id = OLD.version) IS NOT NULL
                    BEGIN SELECT RAISE(ABORT, 'the entries of a frozen list version cannot be changed'); END;

                CREATE TABLE approval (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL REFERENCES list_version(id),
                    signer TEXT NOT NULL,
                    public_key TEXT NOT NULL CHECK (length(public_key) = 44),
                    signature TEXT NOT NULL CHECK (length(signature) = 88),
                    at TEXT NOT NULL,
                    UNIQUE (version, signer)
                ) STRICT;
                CREATE TRIGGER approval_final_update BEFORE UPDATE ON approval
                    BEGIN SELECT RAISE(ABORT, 'an approval cannot be changed'); END;
                CREATE TRIGGER approval_final_delete BEFORE DELETE ON approval
                    BEGIN SELECT RAISE(ABORT, 'an approval cannot be deleted'); END;

                CREATE TABLE handover_outcome (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL REFERENCES list_version(id),
                    record INTEGER NOT NULL REFERENCES record(id),
                    outcome TEXT NOT NULL CHECK (outcome = 'transferred' OR outcome = 'withheld' OR outcome = 'refused'
                        OR outcome = 'deceased' OR outcome = 'substituted'),
                    substitute INTEGER REFERENCES record(id),
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    UNIQUE (version, record),
                    CHECK ((outcome = 'substituted') = (substitute IS NOT NULL))
                ) STRICT;
                CREATE TRIGGER handover_outcome_final_update BEFORE UPDATE ON handover_outcome
                    BEGIN SELECT RAISE(ABORT, 'a handover outcome cannot be changed'); END;
                CREATE TRIGGER handover_outcome_final_delete BEFORE DELETE ON handover_outcome
                    BEGIN SELECT RAISE(ABORT, 'a handover outcome cannot be deleted'); END;
                """)
    }

    /// v3: Match runs, candidate pairs, review decisions and links.
    private static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE match_run (
                    id INTEGER PRIMARY KEY,
                    seeking TEXT NOT NULL REFERENCES party(code),
                    holding TEXT NOT NULL REFERENCES party(code),
                    threshold REAL NOT NULL CHECK (threshold > 0 AND threshold <= 1),
                    at TEXT NOT NULL,
                    CHECK (seeking <> holding)
                ) STRICT;

                CREATE TABLE match_candidate (
                    id INTEGER PRIMARY KEY,
                    run INTEGER NOT NULL REFERENCES match_run(id),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    sought INTEGER NOT NULL REFERENCES record(id),
                    held INTEGER NOT NULL REFERENCES record(id),
                    probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
                    explanation TEXT NOT NULL,
                    UNIQUE (run, position),
                    UNIQUE (run, sought, held)
                ) STRICT;
                CREATE INDEX match_candidate_pair ON match_candidate(sought, held);

                CREATE TABLE match_decision (
                    id INTEGER PRIMARY KEY,
                    sought INTEGER NOT NULL REFERENCES record(id),
                    held INTEGER NOT NULL REFERENCES record(id),
                    verdict TEXT NOT NULL CHECK (verdict = 'confirmed' OR verdict = 'rejected'),
                    actor TEXT NOT NULL,
                    at TEXT NOT NULL,
                    UNIQUE (sought, held)
                ) STRICT;
                CREATE UNIQUE INDEX match_link_sought ON match_decision(sought) WHERE verdict = 'confirmed';
                CREATE INDEX match_decision_held ON match_decision(held);

                CREATE TRIGGER match_run_final_update BEFORE UPDATE ON match_run
                    BEGIN SELECT RAISE(ABORT, 'a match run cannot be changed'); END;
                CREATE TRIGGER match_candidate_final_update BEFORE UPDATE ON match_candidate
                    BEGIN SELECT RAISE(ABORT, 'a candidate pair cannot be changed'); END;
                CREATE TRIGGER match_decision_final_update BEFORE UPDATE ON match_decision
                    BEGIN SELECT RAISE(ABORT, 'a review decision cannot be changed'); END;
                CREATE TRIGGER match_decision_final_delete BEFORE DELETE ON match_decision
                    BEGIN SELECT RAISE(ABORT, 'a review decision cannot be deleted'); END;
                """)
    }

    /// v4: User accounts and web sessions.
    private static func v4(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE user (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
                    password_hash TEXT NOT NULL CHECK (password_hash GLOB '$2[aby]$[0-9][0-9]$*'),
                    principal TEXT NOT NULL CHECK (length(principal) > 0),
                    disabled INTEGER NOT NULL CHECK (disabled = 0 OR disabled = 1),
                    failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
                    created_at TEXT NOT NULL
                ) STRICT;

                CREATE TABLE session (
                    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
                    user INTEGER NOT NULL REFERENCES user(id),
                    csrf TEXT NOT NULL CHECK (length(csrf) >= 32),
                    created_at REAL NOT NULL,
                    last_seen_at REAL NOT NULL CHECK (last_seen_at >= created_at)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX session_user ON session(user);
                """)
    }

    /// v5: The name search index.
    private static func v5(_ db: Database) throws {
        // Contentless: it holds only the search keys of each record's names (see NameSearchKeys), by record id.
        try db.execute(sql: "CREATE VIRTUAL TABLE record_name USING fts5(keys, content='', tokenize='unicode61')")
    }

    /// v6: A leaner name search index, and how far it reaches.
    private static func v6(_ db: Database) throws {
        // The searches only ask which records hold which keys: no positions (detail=none) and no sizes
        // (columnsize=0), which a million records would write for nothing. Without sizes, the index cannot be
        // scanned for its highest id, so the highest record id it covers is kept beside it; the new index
        // starts empty, and the next import fills it for the records already there.
        try db.execute(
            sql: """
                DROP TABLE record_name;
                CREATE VIRTUAL TABLE record_name USING fts5(
                    keys, content='', columnsize=0, detail=none, tokenize='unicode61');
                CREATE TABLE record_name_reach (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    last_record INTEGER NOT NULL CHECK (last_record >= 0)
                ) STRICT;
                INSERT INTO record_name_reach (id, last_record) VALUES (1, 0);
                """)
    }

    /// v7: The journal's entries by subject.
    private static func v7(_ db: Database) throws {
        // A record's history is read by its subject; without the index each read scans the whole journal.
        try db.execute(sql: "CREATE INDEX journal_subject ON journal(subject)")
    }

    /// v8: The name index's vocabulary.
    private static func v8(_ db: Database) throws {
        // A search's last word may be the start of a name. The index's own prefix query merges the entries of
        // every key the prefix begins (a fifth of a registry for "Oleks") before it answers; listing those
        // keys, from this table, lets the index step through their entries only as far as a page needs.
        // The keys already indexed are read from the index itself, once.
        try db.execute(
            sql: """
                CREATE TABLE name_term (term TEXT PRIMARY KEY CHECK (length(term) > 0)) STRICT, WITHOUT ROWID;
                CREATE VIRTUAL TABLE temp.record_name_terms USING fts5vocab(main, record_name, 'row');
                INSERT INTO name_term (term) SELECT term FROM temp.record_name_terms;
                DROP TABLE temp.record_name_terms;
                """)
    }

    /// v9: An import's encoding may be KOI8-R.
    private static func v9(_ db: Database) throws {
        // SQLite changes a CHECK only by rebuilding the table; no other table refers to this one.
        try db.execute(
            sql: """
                CREATE TABLE registry_import_v9 (
                    id INTEGER PRIMARY KEY,
                    party TEXT NOT NULL REFERENCES party(code),
                    kind TEXT NOT NULL CHECK ((kind = 'held' OR kind = 'sought')),
                    file_name TEXT NOT NULL,
                    file_digest TEXT NOT NULL CHECK (length(file_digest) = 64),
                    encoding TEXT NOT NULL CHECK ((encoding = 'utf-8' OR encoding = 'windows-1251' OR encoding = 'koi8-r')),
                    rows INTEGER NOT NULL CHECK (rows >= 0),
                    added INTEGER NOT NULL CHECK (added BETWEEN 0 AND rows)
                ) STRICT;
                INSERT INTO registry_import_v9 (id, party, kind, file_name, file_digest, encoding, rows, added)
                    SELECT id, party, kind, file_name, file_digest, encoding, rows, added FROM registry_import;
                DROP TABLE registry_import;
                ALTER TABLE registry_import_v9 RENAME TO registry_import;
                CREATE INDEX registry_import_digest ON registry_import(party, kind, file_digest);
                """)
    }

    /// v10: The checks a list version passed when frozen; handovers closed in part.
    private static func v10(_ db: Database) throws {
        // A frozen version keeps the findings of the checks it passed: later changes of its persons' statuses
        // (handed over, repatriated) are outcomes of the list, not errors in it.
        // An exchange recorded by closing a handover with a direction open says which, and why (JSON).
        try db.execute(
            sql: """
                ALTER TABLE list_version ADD COLUMN findings TEXT CHECK (findings IS NULL OR digest IS NOT NULL);
                ALTER TABLE exchange ADD COLUMN partial_close TEXT CHECK (partial_close IS NULL OR agreement IS NOT NULL);
                """)
    }

    /// v11: A candidate pair's match weight.
    private static func v11(_ db: Database) throws {
        // Probabilities of strong pairs all round to 1; the weight (log2 odds) ranks them. Pairs stored before
        // keep no weight: their journaled state has none, and the queue ranks them by probability after the rest.
        try db.execute(sql: "ALTER TABLE match_candidate ADD COLUMN weight REAL")
    }

    /// v12: Nodes, peers, transmissions and witnessed journals.
    private static func v12(_ db: Database) throws {
        // One row per node: this one (is_self) and each registered peer, with its identity line.
        // A transmission is kept by its sender and its receiver, with its signed note and receipt.
        // A peer's journal as last cosigned here; this node's checkpoints as peers cosigned them; what a
        // witness found wrong, as evidence.
        try db.execute(
            sql: """
                CREATE TABLE node (
                    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 12),
                    identity TEXT NOT NULL CHECK (identity GLOB 'parley-node/1 *'),
                    is_self INTEGER NOT NULL CHECK ((is_self = 0 OR is_self = 1)),
                    url TEXT,
                    tls_fingerprint TEXT CHECK (tls_fingerprint IS NULL OR length(tls_fingerprint) = 64),
                    added_at TEXT NOT NULL
                ) STRICT;
                CREATE UNIQUE INDEX node_is_self ON node(is_self) WHERE is_self = 1;
                CREATE TABLE transmission (
                    direction TEXT NOT NULL CHECK ((direction = 'sent' OR direction = 'received')),
                    peer TEXT NOT NULL REFERENCES node(code),
                    sequence INTEGER NOT NULL CHECK (sequence >= 1),
                    kind TEXT NOT NULL,
                    digest TEXT NOT NULL CHECK (length(digest) = 64),
                    note TEXT NOT NULL,
                    at TEXT NOT NULL,
                    applied_at TEXT CHECK (applied_at IS NULL OR direction = 'received'),
                    receipt TEXT,
                    journal_through INTEGER CHECK (journal_through IS NULL OR direction = 'sent'),
                    PRIMARY KEY (direction, peer, sequence),
                    UNIQUE (direction, peer, digest)
                ) STRICT;
                CREATE TABLE witnessed (
                    origin TEXT PRIMARY KEY,
                    peer TEXT NOT NULL UNIQUE REFERENCES node(code),
                    node_key TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    root TEXT NOT NULL CHECK (length(root) = 64)
                ) STRICT;
                CREATE TABLE cosigned_checkpoint (
                    witness TEXT NOT NULL REFERENCES node(code),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    root TEXT NOT NULL CHECK (length(root) = 64),
                    note TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (witness, size)
                ) STRICT;
                CREATE TABLE witness_alarm (
                    id INTEGER PRIMARY KEY,
                    peer TEXT NOT NULL REFERENCES node(code),
                    problem TEXT NOT NULL,
                    evidence TEXT NOT NULL,
                    at TEXT NOT NULL
                ) STRICT;
                """)
    }
}

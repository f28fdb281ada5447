import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Synchronization

/// The result of recomputing the journal.
public struct JournalReport: Sendable, Hashable {
    public let entries: Int64
    /// The hash of the last entry: publish it to fix the journal's state.
    public let head: Digest
    /// The Merkle root over all entries (RFC 9162).
    public let root: Digest
    public let checkpoints: Int
    public let subjectsChecked: Int
    /// The first problem, or `nil` when everything verifies.
    public let problem: JournalProblem?

    public var isIntact: Bool { problem == nil }
}

extension AppDatabase {
    /// Recomputes the journal's chain and checkpoints, then checks every party, import,
    /// record, round, agreement, exchange, key, list, list version, approval, handover
    /// outcome, match run and review decision against its last journaled state.
    ///
    /// Finds a row edited, deleted or reordered directly in the SQLite file, and names
    /// the first bad entry.
    public func verifyJournal(as principal: Principal) throws -> JournalReport {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try writer.mappingBusy { try Self.verifyJournal(writer.base) }
    }

    /// Verifies the journal of any database: this one, or a backup.
    ///
    /// The work is read in parts, each in a read transaction of its own, on as many
    /// connections as there are cores: the journal in spans of sequences, the subjects other
    /// than records, and the records in ranges of ids, each part taken by whichever core is
    /// free. As the parts arrive they are taken in order (``PartsInOrder``): the spans joined
    /// into the chain, then the states checked against it, so that little is left to do when
    /// the last part is read. If a write landed between the reads, so that they saw different
    /// journals, everything is read again in one transaction.
    ///
    /// - Parameter spanLength: the number of entries in each span but the last, a power of two.
    static func verifyJournal(_ reader: any DatabaseReader, spanLength: Int64 = spanLength) throws -> JournalReport {
        // The checkpoints are read first: the journal only grows, so every part reads at least the entries
        // they cover.
        let (lastRecord, lastSequence, checkpoints) = try reader.read { db in
            (
                try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM record") ?? 0, try Self.lastSequence(db),
                try Self.checkpoints(db)
            )
        }
        let spanParts = spans(upTo: lastSequence, length: spanLength)
        let parts = spanParts + [.subjects] + recordRanges(upTo: lastRecord)
        let inOrder = PartsInOrder(
            PartChecker(checkpoints: checkpoints, spanCount: spanParts.count, expectedEntries: expectedEntries(lastSequence)))
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            do {
                inOrder.deliver(try reader.read { db in try read(parts[index], db) }, at: index)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        guard let report = inOrder.finish() else {
            return try reader.read { db in
                var checker = PartChecker(
                    checkpoints: try Self.checkpoints(db), spanCount: 1,
                    expectedEntries: expectedEntries(try Self.lastSequence(db)))
                for part in [VerificationPart.span(from: .min, through: nil), .subjects, .records(from: .min, through: nil)] {
                    checker.check(try read(part, db))
                }
                guard let report = checker.finish() else {
                    preconditionFailure("the parts of one transaction see one journal")
                }
                return report
            }
        }
        return report
    }

    /// How many entries to make room for at the start, for a journal whose last sequence is `lastSequence`: as
    /// many, up to some millions. A row written behind Parley's back with a sequence far beyond the rest must
    /// be reported, not make room for; a longer journal makes more room as it is read.
    static func expectedEntries(_ lastSequence: Int64) -> Int {
        Int(min(max(lastSequence, 0), 1 << 22))
    }

    /// The results of the parts, checked in order of the parts as they arrive from the cores: by whichever
    /// core delivers the next one, while the other reads on.
    ///
    /// A core that delivers a part takes the checker's role if no core holds it, checks every part that is
    /// next in order, and gives the role up when the next has not arrived: the core that delivers it will
    /// check it. Parts are held only until their turn, so spans and record states are freed as they go.
    final class PartsInOrder: Sendable {
        private struct Arrivals {
            var waiting: [Int: PartResult] = [:]
            var next = 0
            var isChecking = false
        }

        private let arrivals = Mutex(Arrivals())
        private let checker: Mutex<PartChecker>

        init(_ checker: PartChecker) {
            self.checker = Mutex(checker)
        }

        /// Hands in the result of the part at `index`, and checks it and the parts after it that have arrived if it
        /// is next and no other core is checking.
        func deliver(_ result: PartResult, at index: Int) {
            arrivals.withLock { $0.waiting[index] = result }
            var isChecker = false
            while let result = arrivals.withLock({ arrivals -> PartResult? in
                guard isChecker || !arrivals.isChecking else { return nil }
                guard let result = arrivals.waiting.removeValue(forKey: arrivals.next) else {
                    arrivals.isChecking = false
                    return nil
                }
                arrivals.isChecking = true
                arrivals.next += 1
                return result
            }) {
                isChecker = true
                checker.withLock { $0.check(result) }
            }
        }

        /// The report, once every part was delivered; `nil` if the parts saw different journals.
        func finish() -> JournalReport? {
            precondition(arrivals.withLock { $0.waiting.isEmpty }, "every part was checked in turn")
            return checker.withLock { $0.finish() }
        }
    }

    /// Checks the parts' results in the order of the parts: the spans of the journal joined into its chain,
    /// then the subjects before the records, the records, and the subjects after them.
    struct PartChecker: Sendable {
        private var verifier: JournalVerifier
        private let spanCount: Int
        private var spansJoined = 0
        /// The subjects to check after every record.
        private var trailing: [(subject: String, state: Digest)] = []
        private var subjectsChecked = 0
        /// The journal's last sequence, as each part saw it.
        private var lastSequences: Set<Int64> = []

        init(checkpoints: [Checkpoint], spanCount: Int, expectedEntries: Int) {
            verifier = JournalVerifier(checkpoints: checkpoints, expectedEntries: expectedEntries)
            self.spanCount = spanCount
        }

        /// Checks the next part's result. The spans come first, then the subjects, then the records.
        mutating func check(_ result: PartResult) {
            lastSequences.insert(result.lastSequence)
            switch result {
            case .span(let span, _):
                verifier.join(span)
                spansJoined += 1
                if spansJoined == spanCount { verifier.finishEntries() }
            case .states(let states):
                precondition(spansJoined == spanCount, "states are checked against the whole chain")
                for (subject, state) in states.leading where verifier.problem == nil {
                    verifier.checkState(subject: subject, state: state)
                }
                verifier.checkStates(kind: .record, states.records)
                trailing.append(contentsOf: states.trailing)
                subjectsChecked += states.leading.count + states.records.count + states.trailing.count
            }
        }

        /// The report, once every part was checked; `nil` if the parts saw different journals.
        mutating func finish() -> JournalReport? {
            guard lastSequences.count == 1 else { return nil }
            for (subject, state) in trailing where verifier.problem == nil {
                verifier.checkState(subject: subject, state: state)
            }
            verifier.finishStates(kinds: checkedKinds)
            return JournalReport(
                entries: verifier.entriesChecked, head: verifier.head, root: verifier.root,
                checkpoints: verifier.checkpointCount, subjectsChecked: subjectsChecked, problem: verifier.problem)
        }
    }

    /// A part of the verification, read in a transaction of its own.
    enum VerificationPart: Sendable {
        /// The journal entries whose sequences lie in a range; the first range has no lower end and the last
        /// no upper end.
        case span(from: Int64, through: Int64?)
        /// Every subject but the records.
        case subjects
        /// The records whose ids lie in a range; the first range has no lower end and the last no upper end.
        case records(from: Int64, through: Int64?)
    }

    enum PartResult: Sendable {
        case span(JournalSpan, lastSequence: Int64)
        case states(SubjectStates)

        /// The journal's last sequence when the part was read.
        var lastSequence: Int64 {
            switch self {
            case .span(_, let lastSequence): lastSequence
            case .states(let states): states.lastSequence
            }
        }
    }

    static func read(_ part: VerificationPart, _ db: Database) throws -> PartResult {
        // A scan reads each page once: a few pages of cache do, where a connection's usual 64 MiB would
        // be filled, page by page, for nothing. The connection's own size is put back after.
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
        try db.execute(sql: "PRAGMA cache_size = -2048")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        return switch part {
        case .span(let first, let last):
            .span(try span(db, from: first, through: last), lastSequence: try lastSequence(db))
        case .subjects: .states(try subjectStates(db))
        case .records(let first, let last): .states(try recordStates(db, from: first, through: last))
        }
    }

    /// The number of entries in a span of the journal: a power of two, so that the Merkle subtree each span
    /// hashes goes into the whole tree as it is.
    static let spanLength: Int64 = 1 << 16
    /// The most spans a journal is read in.
    static let spanLimit: Int64 = 1 << 10

    /// Spans of sequences that split the journal into parts for the cores to share, which together take
    /// every entry, whatever its sequence and whenever it was added.
    ///
    /// The spans are made longer, by powers of two, where there would be more than ``spanLimit``: a row
    /// inserted with a sequence far beyond the rest must be reported, not planned for.
    static func spans(upTo lastSequence: Int64, length: Int64) -> [VerificationPart] {
        var length = length
        while lastSequence / length > spanLimit { length *= 2 }
        let starts = stride(from: 1 + length, through: lastSequence, by: Int(length))
        let firsts = [Int64.min] + starts
        let lasts = starts.map { Optional($0 - 1) } + [nil]
        return zip(firsts, lasts).map { .span(from: $0, through: $1) }
    }

    /// Ranges of record ids that split the records into parts small enough for two cores to share them
    /// evenly with the journal. The first range has no lower end and the last no upper end, so that together
    /// they take every row, whatever its id and whenever it was added.
    static func recordRanges(upTo lastRecord: Int64) -> [VerificationPart] {
        let size = max(25_000, lastRecord / 32)
        let starts = stride(from: 1 + size, through: lastRecord, by: Int(size))
        let firsts = [Int64.min] + starts
        let lasts = starts.map { Optional($0 - 1) } + [nil]
        return zip(firsts, lasts).map { .records(from: $0, through: $1) }
    }

    /// The current state digests of subjects the journal tracks, as the tables hold them.
    struct SubjectStates: Sendable {
        /// Parties and imports, checked before the records.
        var leading: [(subject: String, state: Digest)] = []
        /// Records, by id alone, so that a million need no string.
        var records: [(number: Int64, state: Digest)] = []
        /// Every other subject, checked after the records.
        var trailing: [(subject: String, state: Digest)] = []
        /// The journal's last sequence in the same transaction (its length, when it verifies).
        var lastSequence: Int64 = 0
    }

    /// A kind of subject the journal tracks: the tables that hold its subjects' states, and how to read
    /// the current state of each.
    struct JournaledKind: Sendable {
        enum Reading: Sendable {
            /// Every subject read at once, checked before the records (`leading`) or after them.
            case whole(leading: Bool, states: @Sendable (Database) throws -> [(subject: String, state: Digest)])
            /// The records: read in ranges of ids, on every core (``recordStates(_:from:through:)``).
            case inRanges
        }

        let kind: SubjectKind
        let tables: [String]
        let reading: Reading

        init(_ kind: SubjectKind, tables: [String], _ reading: Reading) {
            self.kind = kind
            self.tables = tables
            self.reading = reading
        }

        /// The kind whose subjects `read` returns, checked after the records.
        init<Subject: CanonicallyDigestible & SendableMetatype>(
            _ kind: SubjectKind, tables: [String], leading: Bool = false,
            read: @escaping @Sendable (Database) throws -> [Subject]
        ) {
            self.init(
                kind, tables: tables,
                .whole(leading: leading) { db in
                    try read(db).map { ($0.journalSubject, $0.stateDigest) }
                })
        }
    }

    /// Every kind of subject whose every row is checked against the journal, in the order they are
    /// checked: the one list that verification reads, so that a table added to the journal is added
    /// here, once. A test holds it to the schema: every table is here or in ``unjournaledTables``.
    static let journaledKinds: [JournaledKind] = [
        JournaledKind(.party, tables: ["party", "party_role"], leading: true) { try allParties($0) },
        JournaledKind(.import, tables: ["registry_import"], leading: true) { try allImports($0) },
        JournaledKind(.record, tables: ["record"], .inRanges),
        JournaledKind(.round, tables: ["round", "round_participant"]) { try allRounds($0) },
        JournaledKind(.agreement, tables: ["agreement", "agreement_category", "agreement_share"]) { try allAgreements($0) },
        JournaledKind(.exchange, tables: ["exchange", "delivery"]) { try allExchanges($0) },
        JournaledKind(.key, tables: ["signer_key"]) { try registeredKeys(in: $0) },
        JournaledKind(.list, tables: ["exchange_list"]) { try allLists($0) },
        JournaledKind(.listVersion, tables: ["list_version", "list_entry"]) { try versions(in: $0) },
        JournaledKind(.approval, tables: ["approval"]) { try approvals(in: $0) },
        JournaledKind(.outcome, tables: ["handover_outcome"]) { try outcomes(in: $0) },
        JournaledKind(.matchRun, tables: ["match_run", "match_candidate"]) { try matchRuns(in: $0) },
        JournaledKind(.decision, tables: ["match_decision"]) { try decisions(in: $0) },
        JournaledKind(.user, tables: ["user"]) { try allAccounts($0) },
        JournaledKind(.node, tables: ["node"]) { try allNodes($0) },
        JournaledKind(.transmission, tables: ["transmission"]) { try allTransmissions($0) },
        JournaledKind(.witnessed, tables: ["witnessed"]) { try allWitnessedLogs($0) },
        JournaledKind(.cosignature, tables: ["cosigned_checkpoint"]) { try cosignedCheckpoints(in: $0) },
        JournaledKind(.alarm, tables: ["witness_alarm"]) { try alarms(in: $0) },
    ]

    /// The tables whose rows are no subject's state, and why.
    static let unjournaledTables: [String: String] = [
        "journal": "the journal itself, verified as a chain",
        "checkpoint": "roots of the journal, each compared with the root recomputed over the entries it covers",
        "session": "sign-in sessions, which end and are removed; the sign-ins are journaled",
        "name_term": "the name index, derived from the records and rebuilt from them",
        "record_name_reach": "the name index, derived from the records and rebuilt from them",
        "record_name": "the name index's search keys (an FTS5 table), derived from the records",
        "record_name_data": "the FTS5 table record_name's own storage",
        "record_name_idx": "the FTS5 table record_name's own storage",
        "record_name_config": "the FTS5 table record_name's own storage",
        "grdb_migrations": "the schema's version",
    ]

    /// The kinds of subject whose every row is checked against the journal.
    static let checkedKinds = Set(journaledKinds.map(\.kind))

    /// The journal's own checkpoints, and those of its heads that peers cosigned: the journal must still
    /// have every one of them.
    static func checkpoints(_ db: Database) throws -> [Checkpoint] {
        let own = try Row.fetchAll(db, sql: "SELECT size, root, at FROM checkpoint").map { row in
            Checkpoint(size: row["size"], root: Digest(bytes: Array(row["root"] as Data)) ?? .zero, recordedAt: row["at"])
        }
        let cosigned = try cosignedCheckpoints(in: db).map { cosigned in
            Checkpoint(
                size: cosigned.checkpoint.size, root: cosigned.checkpoint.root,
                recordedAt: "\(cosigned.at), cosigned by \(cosigned.witness.rawValue)")
        }
        return own + cosigned
    }

    /// The entries whose sequences lie from `first` through `last`, or on from `first`, checked and hashed.
    static func span(_ db: Database, from first: Int64, through last: Int64?) throws -> JournalSpan {
        let entries = try PreparedStatement(
            db, sql: "SELECT \(JournalColumns.list) FROM journal WHERE sequence BETWEEN ? AND ? ORDER BY sequence",
            arguments: [first, last ?? .max])
        let capacity = last.map { last in max(0, min(last - max(first, 1) + 1, spanLength)) } ?? 0
        var span = JournalSpan(capacity: Int(capacity))
        while try entries.step() {
            span.append(JournalColumns.storedEntry(entries))
            if span.problem != nil { break }
        }
        return span
    }

    static func lastSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM journal") ?? 0
    }

    /// The states of every subject but the records.
    static func subjectStates(_ db: Database) throws -> SubjectStates {
        var states = SubjectStates()
        states.lastSequence = try lastSequence(db)
        for journaled in journaledKinds {
            guard case .whole(let leading, let read) = journaled.reading else { continue }
            if leading {
                states.leading += try read(db)
            } else {
                states.trailing += try read(db)
            }
        }
        return states
    }

    /// The states of the records whose ids lie from `first` through `last`, or on from `first`.
    static func recordStates(_ db: Database, from first: Int64, through last: Int64?) throws -> SubjectStates {
        var states = SubjectStates()
        states.lastSequence = try lastSequence(db)
        let records = try PreparedStatement(
            db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE id BETWEEN ? AND ? ORDER BY id",
            arguments: [first, last ?? .max])
        let idColumn = Int32(RegistryRecord.CanonicalField.id.rawValue)
        if let last, first > 0 { states.records.reserveCapacity(Int(last - first + 1)) }
        while try records.step() {
            states.records.append((records.integer(idColumn) ?? 0, RegistryRecord.stateDigest(of: records)))
        }
        return states
    }

    /// Publishes a checkpoint: the Merkle root over every entry so far.
    public func checkpoint(as principal: Principal) throws -> Checkpoint {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in try JournalWriter.checkpoint(db, recordedAt: recordedAt) }
    }

    static func allImports(_ db: Database) throws -> [RegistryImport] {
        try Row.fetchAll(db, sql: "SELECT * FROM registry_import ORDER BY id").map { row in
            let kindName: String = row["kind"]
            let encodingName: String = row["encoding"]
            guard let kind = RecordKind(rawValue: kindName) else {
                throw StoredValueError(table: "registry_import", column: "kind", value: kindName)
            }
            guard let encoding = TextEncoding(rawValue: encodingName) else {
                throw StoredValueError(table: "registry_import", column: "encoding", value: encodingName)
            }
            return RegistryImport(
                id: RegistryImport.ID(rawValue: row["id"]), party: Party.Code(rawValue: row["party"]), kind: kind,
                fileName: row["file_name"], fileDigest: row["file_digest"], encoding: encoding, rows: row["rows"],
                added: row["added"])
        }
    }
}

/// What a backup wrote.
public struct BackupReport: Sendable, Hashable {
    public let path: String
    /// The journal of the copy, verified after the copy was made.
    public let journal: JournalReport
}

extension AppDatabase {
    /// Copies the database to a new file with SQLite's online backup, while it stays in
    /// use, then verifies the copy's journal.
    public func backup(to path: String, as principal: Principal) throws -> BackupReport {
        try AccessPolicy.check(principal, .backup, in: .common)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.backupFailed(path: path, reason: "the file already exists; a backup never overwrites one")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.mappingBusy { try writer.base.backup(to: destination) }
            let journal = try Self.verifyJournal(destination)
            try destination.close()
            return BackupReport(path: path, journal: journal)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw StoreError.backupFailed(path: path, reason: "\(error)")
        }
    }
}

import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleyLinkage

/// What a run of the matching found, and what was already decided.
public struct MatchRunSummary: Sendable, Hashable {
    public let run: MatchRun
    /// Candidate pairs waiting for a decision after this run.
    public let pending: Int
    /// Candidate pairs found again that a person had already confirmed or rejected.
    public let alreadyDecided: Int
    /// Sought and held records compared.
    public let sought: Int
    public let held: Int
}

/// One pair in the review queue: both records side by side, with how matching weighed them.
public struct ReviewItem: Sendable, Hashable {
    public let candidate: MatchCandidate
    public let run: MatchRun.ID
    public let sought: RegistryRecord
    public let held: RegistryRecord
}

extension AppDatabase {
    /// Matches the open records `seeking` seeks against the persons `holding` holds and stores the
    /// candidate pairs for review. Pairs already confirmed or rejected keep their decision.
    public func runMatching(
        seeking: Party.Code, holding: Party.Code, threshold: Double = 0.9, as principal: Principal
    ) async throws -> MatchRunSummary {
        try AccessPolicy.check(principal, .runMatching, in: .shared(seeking))
        let (sought, held) = try await writer.read { db in
            _ = try Self.requireParty(seeking, as: .belligerent, in: db)
            _ = try Self.requireParty(holding, as: .belligerent, in: db)
            let sought = try RegistryRecord.fetchAll(
                db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE party = ? AND kind = 'sought' AND status = 'open'",
                arguments: [seeking.rawValue])
            let held = try RegistryRecord.fetchAll(
                db,
                sql: """
                    SELECT \(RegistryRecord.selection) FROM record WHERE party = ? AND kind = 'held'
                    AND (status = 'registered' OR status = 'listed')
                    """,
                arguments: [holding.rawValue])
            return (sought, held)
        }
        let linker = try Linker(configuration: LinkageConfiguration(threshold: threshold, explain: true))
        let result = await linker.link(held: held.map(LinkageRecord.init), sought: sought.map(LinkageRecord.init))
        let proposed = result.pairs.compactMap { pair -> ProposedPair? in
            guard let heldID = Int64(pair.heldID), let soughtID = Int64(pair.soughtID) else { return nil }
            return ProposedPair(
                sought: RegistryRecord.ID(soughtID), held: RegistryRecord.ID(heldID), probability: pair.probability,
                weight: pair.weight,
                explanation: pair.explanation.map { field in
                    // The field's weight already holds its term-frequency adjustment.
                    MatchCandidate.FieldWeight(field: field.field.rawValue, level: field.level.rawValue, weight: field.weight)
                })
        }
        let recordedAt = clock.timestamp()
        return try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO match_run (seeking, holding, threshold, at) VALUES (?, ?, ?, ?)",
                arguments: [seeking.rawValue, holding.rawValue, threshold, recordedAt])
            var run = MatchRun(
                id: MatchRun.ID(db.lastInsertedRowID), seeking: seeking, holding: holding, threshold: threshold, at: recordedAt,
                candidates: [])
            let decided = try Self.decidedPairs(in: db)
            var alreadyDecided = 0
            for (position, candidate) in proposed.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO match_candidate (run, position, sought, held, probability, weight, explanation)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        run.id.rawValue, position, candidate.sought.rawValue, candidate.held.rawValue, candidate.probability,
                        candidate.weight,
                        CanonicalJSON.array(candidate.explanation.map(\.canonicalForm)).serialized,
                    ])
                run.candidates.append(
                    MatchCandidate(
                        id: MatchCandidate.ID(db.lastInsertedRowID), sought: candidate.sought, held: candidate.held,
                        probability: candidate.probability, weight: candidate.weight, explanation: candidate.explanation))
                if decided.contains(Pair(candidate.sought, candidate.held)) { alreadyDecided += 1 }
            }
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.matchRun, run)
            return MatchRunSummary(
                run: run, pending: try Self.pendingCandidates(seeking: seeking, in: db).count, alreadyDecided: alreadyDecided,
                sought: sought.count, held: held.count)
        }
    }

    /// The pairs waiting for a decision, the heaviest match weight first: from the latest run of each pair of
    /// parties, not yet decided, whose sought record is not linked already.
    public func reviewQueue(seeking: Party.Code, limit: Int = 50, as principal: Principal) throws -> [ReviewItem] {
        try AccessPolicy.check(principal, .reviewMatches, in: .party(seeking))
        return try writer.read { db in
            try Self.pendingCandidates(seeking: seeking, in: db).prefix(limit).map { run, candidate in
                guard let sought = try RegistryRecord.fetch(candidate.sought, in: db),
                    let held = try RegistryRecord.fetch(candidate.held, in: db)
                else { throw StoreError.unknownRecord(candidate.sought) }
                return ReviewItem(candidate: candidate, run: run, sought: sought, held: held)
            }
        }
    }

    /// Confirms or rejects candidate pairs, all or none, in one transaction. A confirmed pair is a
    /// link: the sought record moves to `located`.
    public func decide(
        _ candidates: [MatchCandidate.ID], _ verdict: MatchDecision.Verdict, as principal: Principal
    ) throws -> [MatchDecision] {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            return try candidates.map { id in
                try Self.decide(id, verdict, as: principal, at: recordedAt, journal: &journal, in: db)
            }
        }
    }

    /// Confirms or rejects one candidate pair.
    public func decide(
        _ candidate: MatchCandidate.ID, _ verdict: MatchDecision.Verdict, as principal: Principal
    ) throws -> MatchDecision {
        guard let decision = try decide([candidate], verdict, as: principal).first else {
            preconditionFailure("one decision for one candidate")
        }
        return decision
    }

    private static func decide(
        _ candidateID: MatchCandidate.ID, _ verdict: MatchDecision.Verdict, as principal: Principal, at recordedAt: String,
        journal: inout JournalWriter, in db: Database
    ) throws -> MatchDecision {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT sought, held FROM match_candidate WHERE id = ?", arguments: [candidateID.rawValue])
        else { throw StoreError.unknownCandidate(candidateID) }
        let soughtID = RegistryRecord.ID(rawValue: row["sought"])
        let heldID = RegistryRecord.ID(rawValue: row["held"])
        guard let sought = try RegistryRecord.fetch(soughtID, in: db) else { throw StoreError.unknownRecord(soughtID) }
        try AccessPolicy.check(principal, .reviewMatches, in: .party(sought.party))
        if let earlier = try String.fetchOne(
            db, sql: "SELECT verdict FROM match_decision WHERE sought = ? AND held = ?",
            arguments: [soughtID.rawValue, heldID.rawValue])
        {
            throw ReviewRefusal.alreadyDecided(MatchDecision.Verdict(rawValue: earlier) ?? verdict)
        }
        if verdict == .confirmed,
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM match_decision WHERE sought = ? AND verdict = 'confirmed')",
                arguments: [soughtID.rawValue]) == true
        {
            throw ReviewRefusal.soughtAlreadyLinked(reference: sought.reference)
        }
        try db.execute(
            sql: "INSERT INTO match_decision (sought, held, verdict, actor, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [soughtID.rawValue, heldID.rawValue, verdict.rawValue, principal.description, recordedAt])
        let decision = MatchDecision(
            id: MatchDecision.ID(db.lastInsertedRowID), sought: soughtID, held: heldID, verdict: verdict, by: principal,
            at: recordedAt)
        try journal.append(.matchDecide, decision)
        if verdict == .confirmed {
            try moveSought(soughtID, to: .located, journal: &journal, in: db)
        }
        return decision
    }

    /// The confirmed links of a party's sought records.
    public func links(seeking: Party.Code, as principal: Principal) throws -> [MatchDecision] {
        try AccessPolicy.check(principal, .reviewMatches, in: .party(seeking))
        return try writer.read { db in
            try Self.decisions(in: db).filter { decision in
                guard decision.verdict == .confirmed, let sought = try RegistryRecord.fetch(decision.sought, in: db) else {
                    return false
                }
                return sought.party == seeking
            }
        }
    }

    // MARK: - In the store

    /// A sought record and a held record.
    struct Pair: Hashable {
        let sought: RegistryRecord.ID
        let held: RegistryRecord.ID
        init(_ sought: RegistryRecord.ID, _ held: RegistryRecord.ID) {
            self.sought = sought
            self.held = held
        }
    }

    static func decidedPairs(in db: Database) throws -> Set<Pair> {
        Set(
            try Row.fetchAll(db, sql: "SELECT sought, held FROM match_decision").map {
                Pair(RegistryRecord.ID(rawValue: $0["sought"]), RegistryRecord.ID(rawValue: $0["held"]))
            })
    }

    /// Candidates of the latest run for each holding party that nobody has decided and whose sought
    /// record is not yet linked, by match weight, heaviest first (pairs stored without a weight after the rest,
    /// by probability).
    static func pendingCandidates(seeking: Party.Code, in db: Database) throws -> [(MatchRun.ID, MatchCandidate)] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.run, c.sought, c.held, c.probability, c.explanation, c.weight FROM match_candidate c
                JOIN match_run r ON r.id = c.run
                WHERE r.seeking = ?
                  AND r.id = (SELECT max(id) FROM match_run WHERE seeking = r.seeking AND holding = r.holding)
                  AND NOT EXISTS (SELECT 1 FROM match_decision d WHERE d.sought = c.sought AND d.held = c.held)
                  AND NOT EXISTS (SELECT 1 FROM match_decision d WHERE d.sought = c.sought AND d.verdict = 'confirmed')
                ORDER BY c.weight DESC NULLS LAST, c.probability DESC, c.id
                """,
            arguments: [seeking.rawValue])
        return try rows.map { row in (MatchRun.ID(rawValue: row["run"]), try candidate(row)) }
    }

    /// A candidate from the columns id, sought, held, probability, explanation and weight.
    private static func candidate(_ row: Row) throws -> MatchCandidate {
        let text: String = row["explanation"]
        guard case .array(let fields) = try? CanonicalJSON(parsing: text) else {
            throw StoredValueError(table: "match_candidate", column: "explanation", value: String(text.prefix(80)))
        }
        return MatchCandidate(
            id: MatchCandidate.ID(rawValue: row["id"]), sought: RegistryRecord.ID(rawValue: row["sought"]),
            held: RegistryRecord.ID(rawValue: row["held"]), probability: row["probability"], weight: row["weight"],
            explanation: try fields.map { field in
                guard let weight = MatchCandidate.FieldWeight(canonical: field) else {
                    throw StoredValueError(table: "match_candidate", column: "explanation", value: String(text.prefix(80)))
                }
                return weight
            })
    }

    /// Every run with its candidates, as stored.
    static func matchRuns(in db: Database) throws -> [MatchRun] {
        var candidates: [Int64: [MatchCandidate]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT id, run, sought, held, probability, explanation, weight FROM match_candidate ORDER BY run, position")
        while let row = try rows.next() {
            candidates[row["run"], default: []].append(try candidate(row))
        }
        return try Row.fetchAll(db, sql: "SELECT id, seeking, holding, threshold, at FROM match_run ORDER BY id").map { row in
            let id: Int64 = row["id"]
            return MatchRun(
                id: MatchRun.ID(id), seeking: Party.Code(rawValue: row["seeking"] as String),
                holding: Party.Code(rawValue: row["holding"] as String),
                threshold: row["threshold"], at: row["at"], candidates: candidates[id] ?? [])
        }
    }

    static func decisions(in db: Database) throws -> [MatchDecision] {
        try Row.fetchAll(db, sql: "SELECT id, sought, held, verdict, actor, at FROM match_decision ORDER BY id").map { row in
            let name: String = row["verdict"]
            guard let verdict = MatchDecision.Verdict(rawValue: name) else {
                throw StoredValueError(table: "match_decision", column: "verdict", value: name)
            }
            return MatchDecision(
                id: MatchDecision.ID(rawValue: row["id"]), sought: RegistryRecord.ID(rawValue: row["sought"]),
                held: RegistryRecord.ID(rawValue: row["held"]), verdict: verdict,
                by: try Principal(parsing: row["actor"] as String), at: row["at"])
        }
    }

    /// Moves a sought record to `status` if that move is legal from where it stands; journals it.
    static func moveSought(
        _ id: RegistryRecord.ID, to status: SoughtStatus, journal: inout JournalWriter, in db: Database
    ) throws {
        guard var record = try RegistryRecord.fetch(id, in: db) else { throw StoreError.unknownRecord(id) }
        let previous = record.status
        guard previous != .sought(status) else { return }
        record.status = try previous.moving(to: .sought(status))
        try db.execute(sql: "UPDATE record SET status = ? WHERE id = ?", arguments: [record.status.name, id.rawValue])
        try journal.append(
            .recordStatus, record, detail: ["from": .string(previous.name), "to": .string(record.status.name)])
    }

    /// Moves the sought records linked to a held person who reached their side to `returned`.
    static func returnLinkedSought(_ held: RegistryRecord.ID, journal: inout JournalWriter, in db: Database) throws {
        let linked = try Int64.fetchAll(
            db, sql: "SELECT sought FROM match_decision WHERE held = ? AND verdict = 'confirmed'", arguments: [held.rawValue])
        for sought in linked { try moveSought(RegistryRecord.ID(rawValue: sought), to: .returned, journal: &journal, in: db) }
    }
}

/// A pair the linker proposed, before the run saves it as a ``MatchCandidate`` with an id.
private struct ProposedPair {
    let sought: RegistryRecord.ID
    let held: RegistryRecord.ID
    let probability: Double
    let weight: Double?
    let explanation: [MatchCandidate.FieldWeight]
}

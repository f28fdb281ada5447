import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// An agreement with what follows from it: its round, both readings of its number, and
/// how long it had been since the exchange before it.
public struct AgreementSummary: Sendable, Hashable {
    public let agreement: Saved<Agreement>
    public let round: Saved<Round>
    /// The reading under the settled basis, or both while the basis is unspecified.
    public let readings: [Quantity.Reading]
    /// The exchange before the one this agreement leads to (``Exchange/previous(to:before:among:)``).
    public let previousExchange: Saved<Exchange>?
    /// From that exchange to the day of this one: the day it was closed, or until then the last day of the round.
    public let sincePreviousExchange: Interval?
}

extension AppDatabase {
    /// Records a round of talks.
    public func recordRound(_ round: Round, as principal: Principal) throws -> Saved<Round> {
        try AccessPolicy.check(principal, .recordTalks, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let stored = try Self.insertRound(round, in: db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.roundRecord, stored)
            return stored
        }
    }

    /// Writes a round and its participants, in the caller's transaction, under `id` when it was given one
    /// elsewhere (by the mediator's node) or a new one.
    static func insertRound(_ round: Round, id: Round.ID? = nil, in db: Database) throws -> Saved<Round> {
        _ = try requireParty(round.host, as: .host, in: db)
        for mediator in round.mediators { _ = try requireParty(mediator, as: .mediator, in: db) }
        for party in round.parties { _ = try requireParty(party, as: .belligerent, in: db) }
        try db.execute(
            sql: "INSERT INTO round (id, venue_city, venue_country, host, starts_on, ends_on) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                id?.rawValue, round.venueCity, round.venueCountry, round.host.rawValue, round.startsOn.description,
                round.endsOn.description,
            ])
        let stored = Saved(id: Round.ID(db.lastInsertedRowID), round)
        for (role, members) in [("party", round.parties), ("mediator", round.mediators)] {
            for (position, party) in members.enumerated() {
                try db.execute(
                    sql: "INSERT INTO round_participant (round, party, role, position) VALUES (?, ?, ?, ?)",
                    arguments: [stored.id.rawValue, party.rawValue, role, position])
            }
        }
        return stored
    }

    /// Every round, earliest first.
    public func rounds(as principal: Principal) throws -> [Saved<Round>] {
        try AccessPolicy.check(principal, .readTalks, in: .common)
        return try writer.read { db in try Self.allRounds(db) }
    }

    /// Records an agreement reached at a round.
    public func recordAgreement(_ agreement: Agreement, as principal: Principal) throws -> Saved<Agreement> {
        try AccessPolicy.check(principal, .recordTalks, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let stored = try Self.insertAgreement(agreement, in: db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.agreementRecord, stored)
            return stored
        }
    }

    /// Writes an agreement with its shares and categories, in the caller's transaction, under `id` when it was
    /// given one elsewhere (by the mediator's node) or a new one.
    static func insertAgreement(_ agreement: Agreement, id: Agreement.ID? = nil, in db: Database) throws -> Saved<Agreement> {
        guard try round(agreement.round, in: db) != nil else { throw StoreError.unknownRound(agreement.round) }
        try db.execute(
            sql: """
                INSERT INTO agreement (id, round, subject, quantity, basis, deadline, wording, justification)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id?.rawValue, agreement.round.rawValue, agreement.subject.rawValue, agreement.quantity?.count,
                agreement.quantity?.basis.rawValue, agreement.deadline?.description, agreement.wording,
                agreement.unequalCounts?.justification,
            ])
        let stored = Saved(id: Agreement.ID(db.lastInsertedRowID), agreement)
        for (position, share) in (agreement.unequalCounts?.shares ?? []).enumerated() {
            _ = try requireParty(share.party, as: .belligerent, in: db)
            try db.execute(
                sql: "INSERT INTO agreement_share (agreement, position, party, count) VALUES (?, ?, ?, ?)",
                arguments: [stored.id.rawValue, position, share.party.rawValue, share.count])
        }
        for (position, category) in agreement.categories.enumerated() {
            try db.execute(
                sql: "INSERT INTO agreement_category (agreement, position, category) VALUES (?, ?, ?)",
                arguments: [stored.id.rawValue, position, category.name])
        }
        return stored
    }

    /// Settles the basis of an agreement whose number was announced without one.
    public func settleAgreement(
        _ id: Agreement.ID, as basis: QuantityBasis, as principal: Principal
    ) throws -> Saved<Agreement> {
        try AccessPolicy.check(principal, .recordTalks, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard var agreement = try Self.agreement(id, in: db) else { throw StoreError.unknownAgreement(id) }
            guard let quantity = agreement.quantity else { throw AgreementSettlementError.noQuantity }
            agreement.quantity = try quantity.settled(as: basis)
            try db.execute(sql: "UPDATE agreement SET basis = ? WHERE id = ?", arguments: [basis.rawValue, id.rawValue])
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(
                .agreementSettle, agreement,
                detail: ["from": .string(quantity.basis.rawValue), "to": .string(basis.rawValue)])
            return agreement
        }
    }

    /// Every agreement with its round, its readings and the time since the exchange before it.
    public func agreements(as principal: Principal) throws -> [AgreementSummary] {
        try AccessPolicy.check(principal, .readTalks, in: .common)
        return try writer.read { db in
            let rounds = Dictionary(
                uniqueKeysWithValues: try Self.allRounds(db).map { round in (round.id, round) })
            let exchanges = try Self.allExchanges(db)
            return try Self.allAgreements(db).compactMap { agreement in
                guard let round = rounds[agreement.round] else { return nil }
                let outcomesOn = try String.fetchOne(
                    db,
                    sql: """
                        SELECT max(o.date) FROM handover_outcome o JOIN list_version v ON v.id = o.version
                        JOIN exchange_list l ON l.id = v.list WHERE l.agreement = ?
                        """,
                    arguments: [agreement.id.rawValue]
                ).map(PartialDate.init(parsing:))
                let day = Exchange.day(
                    closedOn: exchanges.last { $0.agreement == agreement.id }?.date,
                    outcomesOn: outcomesOn, agreedOn: round.endsOn)
                let previous = Exchange.previous(to: agreement.id, before: day, among: exchanges)
                return AgreementSummary(
                    agreement: agreement, round: round, readings: agreement.quantity?.readings ?? [],
                    previousExchange: previous, sincePreviousExchange: previous.flatMap { Interval(from: $0.date, to: day) })
            }
        }
    }

    /// Records an exchange that took place, with its figures.
    public func recordExchange(_ exchange: Exchange, as principal: Principal) throws -> Saved<Exchange> {
        try AccessPolicy.check(principal, .recordTalks, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            if let agreement = exchange.agreement {
                guard try Self.agreement(agreement, in: db) != nil else { throw StoreError.unknownAgreement(agreement) }
                try Self.requireOpen(agreement, in: db)
            }
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            return try Self.insertExchange(exchange, journal: &journal, in: db)
        }
    }

    /// The exchange that closed an agreement's handover, if it is closed.
    static func closingExchange(of agreement: Agreement.ID, in db: Database) throws -> Saved<Exchange>? {
        try allExchanges(db).last { $0.agreement == agreement }
    }

    /// Refuses any change under an agreement whose handover is closed: its figures are final.
    static func requireOpen(_ agreement: Agreement.ID, in db: Database) throws {
        if let closed = try closingExchange(of: agreement, in: db) {
            throw InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: closed.date)
        }
    }

    /// Writes an exchange and its deliveries, and journals it, in the caller's transaction.
    static func insertExchange(
        _ exchange: Exchange, journal: inout JournalWriter, in db: Database
    ) throws -> Saved<Exchange> {
        for delivery in exchange.deliveries {
            _ = try requireParty(delivery.from, as: .belligerent, in: db)
            _ = try requireParty(delivery.to, as: .belligerent, in: db)
        }
        try db.execute(
            sql: "INSERT INTO exchange (date, agreement, partial_close) VALUES (?, ?, ?)",
            arguments: [
                exchange.date.description, exchange.agreement?.rawValue,
                try exchange.partialClose.map(StoredJSON.text),
            ])
        let stored = Saved(id: Exchange.ID(db.lastInsertedRowID), exchange)
        for (position, delivery) in exchange.deliveries.enumerated() {
            try db.execute(
                sql:
                    "INSERT INTO delivery (exchange, position, from_party, to_party, category, count) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    stored.id.rawValue, position, delivery.from.rawValue, delivery.to.rawValue, delivery.category.rawValue,
                    delivery.count,
                ])
        }
        try journal.append(.exchangeRecord, stored)
        return stored
    }

    /// Every exchange, earliest first.
    public func exchanges(as principal: Principal) throws -> [Saved<Exchange>] {
        try AccessPolicy.check(principal, .readTalks, in: .common)
        return try writer.read { db in try Self.allExchanges(db) }
    }

    // MARK: - Reading

    static func allRounds(_ db: Database) throws -> [Saved<Round>] {
        let participants = try Row.fetchAll(
            db, sql: "SELECT round, party, role FROM round_participant ORDER BY round, role, position")
        var parties: [Int64: [Party.Code]] = [:]
        var mediators: [Int64: [Party.Code]] = [:]
        for row in participants {
            let round: Int64 = row["round"]
            let party = Party.Code(rawValue: row["party"] as String)
            if row["role"] == "mediator" {
                mediators[round, default: []].append(party)
            } else {
                parties[round, default: []].append(party)
            }
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM round ORDER BY starts_on, id").map { row in
            let id: Int64 = row["id"]
            let round = try Round(
                venueCity: row["venue_city"], venueCountry: row["venue_country"],
                host: Party.Code(rawValue: row["host"] as String), mediators: mediators[id] ?? [], parties: parties[id] ?? [],
                startsOn: PartialDate(parsing: row["starts_on"] as String), endsOn: PartialDate(parsing: row["ends_on"] as String)
            )
            return Saved(id: Round.ID(id), round)
        }
    }

    static func round(_ id: Round.ID, in db: Database) throws -> Saved<Round>? {
        try allRounds(db).first { $0.id == id }
    }

    static func allAgreements(_ db: Database) throws -> [Saved<Agreement>] {
        var categories: [Int64: [EligibilityCategory]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agreement, category FROM agreement_category ORDER BY agreement, position") {
            categories[row["agreement"], default: []].append(try EligibilityCategory(name: row["category"]))
        }
        var shares: [Int64: [UnequalCounts.Share]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agreement, party, count FROM agreement_share ORDER BY agreement, position") {
            shares[row["agreement"], default: []].append(
                UnequalCounts.Share(party: Party.Code(rawValue: row["party"] as String), count: row["count"]))
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM agreement ORDER BY id").map { row in
            let id: Int64 = row["id"]
            let unequalCounts = (row["justification"] as String?).map { justification in
                UnequalCounts(shares: shares[id] ?? [], justification: justification)
            }
            let quantity: Quantity? = try (row["quantity"] as Int?).map { count in
                let basisName: String = row["basis"]
                guard let basis = QuantityBasis(rawValue: basisName) else {
                    throw StoredValueError(table: "agreement", column: "basis", value: basisName)
                }
                return try Quantity(count: count, basis: basis)
            }
            let subjectName: String = row["subject"]
            guard let subject = ExchangeSubject(rawValue: subjectName) else {
                throw StoredValueError(table: "agreement", column: "subject", value: subjectName)
            }
            let agreement = try Agreement(
                round: Round.ID(rawValue: row["round"] as Int64), subject: subject, quantity: quantity,
                unequalCounts: unequalCounts, categories: categories[id] ?? [],
                deadline: (row["deadline"] as String?).map { try PartialDate(parsing: $0) },
                wording: row["wording"])
            return Saved(id: Agreement.ID(id), agreement)
        }
    }

    static func agreement(_ id: Agreement.ID, in db: Database) throws -> Saved<Agreement>? {
        try allAgreements(db).first { $0.id == id }
    }

    static func allExchanges(_ db: Database) throws -> [Saved<Exchange>] {
        var deliveries: [Int64: [Exchange.Delivery]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM delivery ORDER BY exchange, position") {
            let categoryName: String = row["category"]
            guard let category = PersonCategory(rawValue: categoryName) else {
                throw StoredValueError(table: "delivery", column: "category", value: categoryName)
            }
            deliveries[row["exchange"], default: []].append(
                Exchange.Delivery(
                    from: Party.Code(rawValue: row["from_party"] as String), to: Party.Code(rawValue: row["to_party"] as String),
                    category: category, count: row["count"]))
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM exchange ORDER BY date, id").map { row in
            let id: Int64 = row["id"]
            let partialClose = try (row["partial_close"] as String?).map { text in
                try StoredJSON.value(Exchange.PartialClose.self, from: text, table: "exchange", column: "partial_close")
            }
            let exchange = try Exchange(
                date: PartialDate(parsing: row["date"] as String),
                agreement: (row["agreement"] as Int64?).map(Agreement.ID.init(rawValue:)), deliveries: deliveries[id] ?? [],
                partialClose: partialClose)
            return Saved(id: Exchange.ID(id), exchange)
        }
    }
}

import Foundation
import GRDB
import ParleyCore
import ParleyLedger

@testable import ParleyStore

/// The journal's three promises checked the plain way, as docs/journal.md states them: every value
/// read through GRDB's rows, every form written as `CanonicalJSON`, every tree hashed by recursion,
/// in one transaction, on one core. It is slow and short, so that it can be read against the
/// documentation; the store's verifier (``AppDatabase/verifyJournal(as:)``) is fast, and the tests
/// hold the two to the same verdict.
struct ReferenceJournalVerifier {
    struct Report: Equatable {
        var entries: Int64
        var head: Digest
        var root: Digest
        /// The first problem in words, and the entry it names when it names one; `nil` when intact.
        var problem: String?
        var firstBadEntry: Int64?

        var isIntact: Bool { problem == nil }
    }

    static func verify(_ db: Database) throws -> Report {
        var report = Report(entries: 0, head: .zero, root: emptyRoot, problem: nil, firstBadEntry: nil)
        func fail(_ problem: String, entry: Int64? = nil) -> Report {
            report.problem = problem
            report.firstBadEntry = entry
            return report
        }

        // 1. Nothing changed: each entry's hash is SHA-256 of its RFC 8785 form, and names the hash before it.
        var leaves: [Digest] = []
        var latest: [String: (state: Digest?, sequence: Int64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT \(JournalColumns.list) FROM journal ORDER BY sequence") {
            let sequence: Int64 = row["sequence"]
            guard sequence == report.entries + 1 else {
                return fail("entry \(sequence) where \(report.entries + 1) belongs", entry: report.entries + 1)
            }
            let detailText: String = row["detail"]
            guard let detail = try? CanonicalJSON(parsing: detailText), detail.serialized == detailText else {
                return fail("entry \(sequence)'s detail is not canonical JSON", entry: sequence)
            }
            var state: Digest?
            if let bytes = row["state"] as Data? {
                guard let digest = Digest(bytes: Array(bytes)) else { return fail("entry \(sequence)'s state", entry: sequence) }
                state = digest
            }
            guard Digest(bytes: Array(row["previous"] as Data)) == report.head else {
                return fail("entry \(sequence) does not follow", entry: sequence)
            }
            let form = CanonicalJSON.object([
                "action": .string(row["action"]), "actor": .string(row["actor"]), "at": .string(row["at"]),
                "detail": detail, "previous": .string(report.head.hex), "sequence": .integer(sequence),
                "state": state.map { .string($0.hex) } ?? .null, "subject": .string(row["subject"]),
            ])
            let bytes = Array(form.serialized.utf8)
            let hash = Digest.sha256(bytes)
            guard hash == Digest(bytes: Array(row["hash"] as Data)) else {
                return fail("entry \(sequence) was changed", entry: sequence)
            }
            leaves.append(Digest.sha256([0] + bytes))
            latest[row["subject"]] = (state, sequence)
            report.entries = sequence
            report.head = hash
        }
        report.root = treeHash(leaves[...])

        // 2. Nothing removed: every checkpoint's root is the tree's root over the entries it counted.
        for row in try Row.fetchAll(db, sql: "SELECT size, root FROM checkpoint ORDER BY size") {
            let size: Int64 = row["size"]
            guard size <= report.entries else { return fail("a checkpoint covers \(size) entries of \(report.entries)") }
            guard treeHash(leaves[..<Int(size)]) == Digest(bytes: Array(row["root"] as Data)) else {
                return fail("the checkpoint of \(size) entries does not match them")
            }
        }

        // 3. Nothing inserted or edited behind Parley's back: every row of a journaled kind is in the state its
        // last entry gives it, and every subject the journal still gives a state to is there.
        var current: [(subject: String, state: Digest)] = try RegistryRecord.fetchAll(
            db, sql: "SELECT \(RegistryRecord.selection) FROM record"
        ).map { ($0.journalSubject, $0.canonicalForm.digest) }
        for kind in AppDatabase.journaledKinds {
            if case .whole(_, let states) = kind.reading { current += try states(db) }
        }
        var seen: Set<String> = []
        for (subject, state) in current {
            guard let journaled = latest[subject] else { return fail("\(subject) has no journal entry") }
            guard journaled.state == state else {
                return fail("\(subject) differs from entry \(journaled.sequence)", entry: journaled.sequence)
            }
            seen.insert(subject)
        }
        let kinds = Set(AppDatabase.journaledKinds.map { "\($0.kind.rawValue):" })
        for (subject, journaled) in latest.sorted(by: { $0.value.sequence < $1.value.sequence })
        where journaled.state != nil && !seen.contains(subject) && kinds.contains(where: subject.hasPrefix) {
            return fail("\(subject) is journaled but gone", entry: journaled.sequence)
        }
        return report
    }

    /// RFC 9162's Merkle tree hash: of no leaves, SHA-256 of nothing; of one, the leaf; of more, a node over the
    /// largest power of two below their count and the rest.
    static func treeHash(_ leaves: ArraySlice<Digest>) -> Digest {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            var split = 1
            while split * 2 < leaves.count { split *= 2 }
            let middle = leaves.startIndex + split
            let left = treeHash(leaves[..<middle])
            let right = treeHash(leaves[middle...])
            return Digest.sha256([1] + left.bytes + right.bytes)
        }
    }

    static let emptyRoot = Digest.sha256([UInt8]())
}

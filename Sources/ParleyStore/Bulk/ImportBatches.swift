import ParleyCore
import ParleyLedger
import ParleyLinkage

/// One row of an import, as the checking stage hands it to the writing stage.
enum ImportItem: Sendable {
    case problems(RowProblems)
    /// A row whose id the registry already holds, as the record with that id.
    case known(RegistryRow, RegistryRecord.ID)
    /// A new record, with its journal entry, the next in the batch's ``NewRecords``.
    case new
}

/// A batch of checked rows, in the order of the file, and the new records among them.
struct CheckedRows: Sendable {
    var items: [ImportItem] = []
    var records = NewRecords()
    /// Search keys that no earlier batch of the import held, for the name index's vocabulary.
    var terms: [[UInt8]] = []

    init() {
        items.reserveCapacity(AppDatabase.checkingBatchSize)
    }
}

/// What the journal entries of an import's records share, as the bytes they are written as.
struct RecordEntries: Sendable {
    /// The texts end to end, and where each lies.
    fileprivate let bytes: [UInt8]
    fileprivate let recordedAt: Range<Int>
    fileprivate let actor: Range<Int>
    fileprivate let action: Range<Int>
    fileprivate let detail: Range<Int>

    init(recordedAt: String, actor: String, action: String, detail: String) {
        var bytes: [UInt8] = []
        func add(_ text: String) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            return start..<bytes.count
        }
        (self.recordedAt, self.actor, self.action, self.detail) = (add(recordedAt), add(actor), add(action), add(detail))
        self.bytes = bytes
    }
}

/// New records on their way from the checking stage to the writing stage: the text of a
/// batch of records laid end to end in one buffer, exactly as it will be bound to the insert,
/// the search keys of their names, as the name index takes them, and their journal entries,
/// chained and hashed.
///
/// The checking stage hashes each record's canonical form and each journal entry from these
/// bytes and the writing stage binds them in place, so the journaled digest and the entry's
/// hash are those of the bytes written, through the same functions that verification applies
/// to the columns it reads back.
struct NewRecords: Sendable {
    /// A member of a record's form, its text a range of ``text``.
    fileprivate enum Member: Sendable {
        case text(Range<Int>)
        case integer(Int64)
        case flag(Bool)
        case absent
    }

    private var text: [UInt8] = []
    /// The members of every record, one for each field in order, record after record.
    private var members: [Member] = []
    private(set) var count = 0
    /// The search keys of every record's names, one after another, and each record's id and keys.
    private var nameKeys: [UInt8] = []
    private var names: [(id: Int64, keys: Range<Int>)] = []
    /// The subjects of the records' journal entries, one after another.
    private var subjects: [UInt8] = []
    /// Each record's journal entry: its sequence and where its subject lies in ``subjects``.
    private var entries: [(sequence: Int64, subject: Range<Int>)] = []
    /// The state, the previous hash and the hash of each entry, a digest's bytes each, entry after entry.
    private var entryDigests: [UInt8] = []

    /// Adds a record with the search keys of its names and its journal entry, which follows `journal`, and
    /// returns where the journal stands after it.
    mutating func append(
        _ record: RegistryRecord, names writer: inout NameKeyWriter, following journal: (sequence: Int64, head: Digest),
        _ shared: RecordEntries
    ) -> (sequence: Int64, head: Digest) {
        let state = append(record, names: &writer)
        let start = subjects.count
        subjects.append(contentsOf: record.journalSubject.utf8)
        entries.append((journal.sequence + 1, start..<subjects.count))
        state.withUnsafeBytes { entryDigests.append(contentsOf: $0) }
        journal.head.withUnsafeBytes { entryDigests.append(contentsOf: $0) }
        // The hash's place, filled once the entry is hashed from the bytes it will be written as.
        entryDigests.append(contentsOf: repeatElement(0, count: Digest.byteCount))
        guard let hash = withColumns(shared, { $0.journalEntry(count - 1).canonicalHash }) else {
            preconditionFailure("an entry's state and previous hash are digests")
        }
        entryDigests.withUnsafeMutableBytes { digests in
            hash.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: digests[(digests.count - Digest.byteCount)...]).copyMemory(from: $0)
            }
        }
        return (journal.sequence + 1, hash)
    }

    /// Adds a record with the search keys of its names, and returns its state digest.
    private mutating func append(_ record: RegistryRecord, names writer: inout NameKeyWriter) -> Digest {
        let id = record.id.rawValue
        let start = nameKeys.count
        writer.append(
            surname: record.person.surname, givenName: record.person.givenName, patronymic: record.person.patronymic,
            to: &nameKeys)
        names.append((id, start..<nameKeys.count))
        for field in CanonicalRecordForm.fields {
            switch record.value(of: field) {
            case .text(let value):
                let start = text.count
                text.append(contentsOf: value.utf8)
                members.append(.text(start..<text.count))
                // Each text is followed by a zero byte, so that it can be bound as SQLite's C strings are.
                text.append(0)
            case .integer(let integer): members.append(.integer(integer))
            case .flag(let flag): members.append(.flag(flag))
            case nil: members.append(.absent)
            }
        }
        count += 1
        return text.withUnsafeBytes { text in
            members.withUnsafeBufferPointer { members in
                Columns.withMembers(of: count - 1, members: members, text: text) { CanonicalRecordForm.digest($0) }
            }
        }
    }

    /// Calls `body` with the search keys of every record's names, one after another as bytes valid during the
    /// call, and each record's id with where its keys lie in them.
    func withNameKeys<Result>(
        _ body: (UnsafeRawBufferPointer, [(id: Int64, keys: Range<Int>)]) throws -> Result
    ) rethrows -> Result {
        try nameKeys.withUnsafeBytes { try body($0, names) }
    }

    /// Calls `body` with the records' columns and journal entries, as bytes valid during the call.
    func withColumns<Result>(_ shared: RecordEntries, _ body: (Columns) throws -> Result) rethrows -> Result {
        try text.withUnsafeBytes { text in
            try members.withUnsafeBufferPointer { members in
                try subjects.withUnsafeBytes { subjects in
                    try entries.withUnsafeBufferPointer { entries in
                        try entryDigests.withUnsafeBytes { entryDigests in
                            try shared.bytes.withUnsafeBytes { sharedBytes in
                                try body(
                                    Columns(
                                        count: count, text: text, members: members, subjects: subjects, entries: entries,
                                        entryDigests: entryDigests, shared: shared, sharedBytes: sharedBytes))
                            }
                        }
                    }
                }
            }
        }
    }

    /// The records of a batch and their journal entries as the bytes they are written as, valid during
    /// ``withColumns(_:_:)``.
    struct Columns {
        let count: Int
        fileprivate let text: UnsafeRawBufferPointer
        fileprivate let members: UnsafeBufferPointer<Member>
        fileprivate let subjects: UnsafeRawBufferPointer
        fileprivate let entries: UnsafeBufferPointer<(sequence: Int64, subject: Range<Int>)>
        fileprivate let entryDigests: UnsafeRawBufferPointer
        fileprivate let shared: RecordEntries
        fileprivate let sharedBytes: UnsafeRawBufferPointer

        /// Binds the record at `index` to a statement's parameters from `first` on, a column for each field.
        func bindRecord(_ index: Int, to statement: PreparedStatement, from first: Int32) throws {
            let fieldCount = CanonicalRecordForm.fields.count
            for position in 0..<fieldCount {
                let (parameter, member) = (first + Int32(position), members[index * fieldCount + position])
                if case .text(let range) = member {
                    try statement.bind(parameter, terminatedText: UnsafeRawBufferPointer(rebasing: text[range]))
                } else {
                    try statement.bind(parameter, Self.member(member, text))
                }
            }
        }

        /// The journal entry of the record at `index`, as the columns it is written as.
        func journalEntry(_ index: Int) -> StoredJournalEntry {
            let entry = entries[index]
            func digest(_ offset: Int) -> UnsafeRawBufferPointer {
                let start = (3 * index + offset) * Digest.byteCount
                return UnsafeRawBufferPointer(rebasing: entryDigests[start..<(start + Digest.byteCount)])
            }
            func sharedText(_ range: Range<Int>) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: sharedBytes[range])
            }
            return StoredJournalEntry(
                sequence: entry.sequence, recordedAt: sharedText(shared.recordedAt), actor: sharedText(shared.actor),
                action: sharedText(shared.action), subject: UnsafeRawBufferPointer(rebasing: subjects[entry.subject]),
                state: digest(0), detail: sharedText(shared.detail), previous: digest(1), hash: digest(2))
        }

        /// Calls `body` with the members of the record at `index`, by field position.
        fileprivate static func withMembers<Result>(
            of index: Int, members: UnsafeBufferPointer<Member>, text: UnsafeRawBufferPointer,
            _ body: (UnsafeBufferPointer<CanonicalRecordForm.Member?>) -> Result
        ) -> Result {
            let fieldCount = CanonicalRecordForm.fields.count
            return withUnsafeTemporaryAllocation(of: CanonicalRecordForm.Member?.self, capacity: fieldCount) { buffer in
                for position in 0..<fieldCount {
                    buffer.initializeElement(at: position, to: member(members[index * fieldCount + position], text))
                }
                return body(UnsafeBufferPointer(buffer))
            }
        }

        /// A member as the canonical form and the insert take it, its text read in place.
        private static func member(_ member: Member, _ text: UnsafeRawBufferPointer) -> CanonicalRecordForm.Member? {
            switch member {
            case .text(let range): .text(UnsafeRawBufferPointer(rebasing: text[range]))
            case .integer(let integer): .integer(integer)
            case .flag(let flag): .flag(flag)
            case .absent: nil
            }
        }
    }
}

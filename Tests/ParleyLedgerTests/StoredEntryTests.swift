import ParleyCore
import PropertyBased
import Testing

@testable import ParleyLedger

@Suite("Journal entries and records read in place, as verification reads them from the database")
struct StoredEntryTests {
    /// The escaping of RFC 8785 written out byte by byte, to check the fast writer against.
    static func escapedByHand(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): output += Array(#"\\"#.utf8)
            case 0x08: output += Array(#"\b"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0C: output += Array(#"\f"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0..<0x20: output += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }

    /// Bytes that are mostly plain text, with quotes, backslashes, controls and UTF-8 lead and continuation
    /// bytes among them, so that escapes fall anywhere in the eight-byte words the writer scans.
    static let texts = Gen<UInt8>.value().array(of: 0...40).map { bytes in
        bytes.map { byte -> UInt8 in
            switch byte % 8 {
            case 0: byte % 0x20
            case 1: [0x22, 0x5C, 0x7F, 0xD0, 0xB0][Int(byte / 8) % 5]
            default: 0x20 + byte % 0x5F
            }
        }
    }

    @Test("text is escaped as RFC 8785 writes it, wherever the escapes fall")
    func escaping() async {
        await propertyCheck(count: 1000, input: Self.texts) { bytes in
            var written: [UInt8] = []
            bytes.withUnsafeBytes { CanonicalJSON.appendString(utf8: $0, to: &written) }
            #expect(written == Self.escapedByHand(bytes))
            if let text = String(validating: bytes, as: UTF8.self) {
                #expect(CanonicalJSON.string(text).utf8 == written)
            }
        }
    }

    /// Calls `body` with an entry as the database holds it, its state replaced by `state` if given.
    static func stored<Result>(
        _ entry: JournalEntry, hash: Digest, state: [UInt8]? = nil, _ body: (StoredJournalEntry) -> Result
    ) -> Result {
        let columns = [entry.recordedAt, entry.actor, entry.action, entry.subject, entry.detail].map { Array($0.utf8) }
        let stateBytes = state ?? entry.state?.bytes
        let (previous, hash) = (entry.previous.bytes, hash.bytes)
        return columns[0].withUnsafeBytes { recordedAt in
            columns[1].withUnsafeBytes { actor in
                columns[2].withUnsafeBytes { action in
                    columns[3].withUnsafeBytes { subject in
                        columns[4].withUnsafeBytes { detail in
                            previous.withUnsafeBytes { previous in
                                hash.withUnsafeBytes { hash in
                                    (stateBytes ?? []).withUnsafeBytes { state in
                                        body(
                                            StoredJournalEntry(
                                                sequence: entry.sequence, recordedAt: recordedAt, actor: actor, action: action,
                                                subject: subject, state: stateBytes == nil ? nil : state, detail: detail,
                                                previous: previous, hash: hash))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("an entry read in place verifies as the entry it was written from, to the same head and root")
    func storedEntries() {
        let chain = JournalChainTests.chain(20)
        var fromEntries = JournalVerifier(checkpoints: [])
        var fromStored = JournalVerifier(checkpoints: [])
        for (entry, hash) in chain {
            fromEntries.check(entry, storedHash: hash)
            Self.stored(entry, hash: hash) { fromStored.check($0) }
            #expect(Self.stored(entry, hash: hash) { $0.leafHash } == entry.leafHash)
        }
        #expect(fromStored.problem == nil)
        #expect(fromStored.entriesChecked == 20)
        #expect(fromStored.head == fromEntries.head)
        #expect(fromStored.root == fromEntries.root)
    }

    @Test("a stored state that is not 32 bytes long is a changed entry")
    func malformedState() {
        let (entry, hash) = JournalChainTests.chain(1)[0]
        var verifier = JournalVerifier(checkpoints: [])
        Self.stored(entry, hash: hash, state: [UInt8](repeating: 7, count: 31)) { verifier.check($0) }
        #expect(verifier.problem == .changed(sequence: 1))
        #expect(Self.stored(entry, hash: hash, state: []) { $0.leafHash } == nil)
    }

    /// A verifier that has read a valid chain giving these subjects these states, in this order.
    static func verifier(_ subjects: [(String, Digest?)]) -> JournalVerifier {
        var verifier = JournalVerifier(checkpoints: [])
        var previous = Digest.zero
        for (offset, (subject, state)) in subjects.enumerated() {
            let entry = JournalEntry(
                sequence: Int64(offset + 1), recordedAt: "2026-02-05T09:00:00Z", actor: "admin", action: "test",
                subject: subject, state: state, detail: "{}", previous: previous)
            verifier.check(entry, storedHash: entry.hash)
            previous = entry.hash
        }
        return verifier
    }

    static func state(_ name: String) -> Digest { Digest.sha256(Array(name.utf8)) }

    @Test("a subject's latest entry holds its state, in whatever order the journal names the subjects")
    func latestStates() {
        let journal: [(String, Digest?)] = [
            ("party:UA", Self.state("ua")), ("record:2", Self.state("2a")), ("record:1", Self.state("1")),
            ("import:1", Self.state("import")), ("record:2", Self.state("2b")), ("record:007", Self.state("007")),
            ("record:3", Self.state("3")), ("record:3", nil),
        ]
        var intact = Self.verifier(journal)
        intact.checkState(subject: "party:UA", state: Self.state("ua"))
        intact.checkState(subject: "import:1", state: Self.state("import"))
        intact.checkState(kind: .record, number: 1, state: Self.state("1"))
        intact.checkState(kind: .record, number: 2, state: Self.state("2b"))
        intact.checkState(subject: "record:007", state: Self.state("007"))
        intact.finishStates(kinds: [.party, .import, .record])
        #expect(intact.problem == nil)

        var earlierState = Self.verifier(journal)
        earlierState.checkState(kind: .record, number: 2, state: Self.state("2a"))
        #expect(earlierState.problem == .stateChanged(subject: "record:2", sequence: 5))

        var leadingZero = Self.verifier(journal)
        leadingZero.checkState(kind: .record, number: 7, state: Self.state("007"))
        #expect(leadingZero.problem == .unjournaled(subject: "record:7"))

        var twice = Self.verifier(journal)
        twice.checkState(subject: "record:1", state: Self.state("1"))
        twice.checkState(kind: .record, number: 1, state: Self.state("1"))
        #expect(twice.problem == .unjournaled(subject: "record:1"))

        var missing = Self.verifier(journal)
        missing.checkState(subject: "party:UA", state: Self.state("ua"))
        missing.checkState(kind: .record, number: 1, state: Self.state("1"))
        missing.finishStates(kinds: [.party, .import, .record])
        #expect(missing.problem == .subjectMissing(subject: "import:1", sequence: 4))
    }

    @Test("a record's digest is the digest of its canonical form, whatever its text holds")
    func recordDigests() async throws {
        let person = try PersonDetails(
            surname: "Шевченко", givenName: "Тарас\t\"Кобзар\"", dateOfBirth: PartialDate(parsing: "1814-03-09"),
            placeOfBirth: #"Моринці\Київська губернія"#)
        await propertyCheck(count: 200, input: Self.texts, Gen.bool) { bytes, synthetic in
            var changed = person
            changed.unit = String(decoding: bytes, as: UTF8.self)
            let record = RegistryRecord(
                id: 7, party: "UA", reference: "UA-H-7", person: changed, status: .held(.registered), isSynthetic: synthetic)
            #expect(record.stateDigest == record.canonicalForm.digest)
        }
    }
}

import ParleyCore
import ParleyLedger
import PropertyBased
import Testing

@Suite("Journal entries are canonical and chained")
struct JournalChainTests {
    static func entry(_ sequence: Int64, previous: Digest, subject: String = "record:1") -> JournalEntry {
        JournalEntry(
            sequence: sequence, recordedAt: "2026-02-05T09:00:00Z", actor: "official:UA", action: "record.register",
            subject: subject, state: Digest.sha256(Array("state \(sequence)".utf8)), detail: ["import": .integer(1)],
            previous: previous)
    }

    /// A valid chain of `count` entries.
    static func chain(_ count: Int) -> [(entry: JournalEntry, hash: Digest)] {
        var previous = Digest.zero
        return (1...max(count, 1)).prefix(count).map { sequence in
            let entry = entry(Int64(sequence), previous: previous, subject: "record:\(sequence)")
            previous = entry.hash
            return (entry, entry.hash)
        }
    }

    @Test("an entry's canonical bytes are its RFC 8785 form, keys sorted")
    func canonicalBytes() {
        let entry = JournalEntry(
            sequence: 1, recordedAt: "2026-02-05T09:00:00Z", actor: "admin", action: "party.register", subject: "party:UA",
            state: nil, detail: ["b": .string("é\"\n"), "a": .integer(-3)], previous: .zero)
        let expected =
            #"{"action":"party.register","actor":"admin","at":"2026-02-05T09:00:00Z","detail":{"a":-3,"b":"é\"\n"},"#
            + #""previous":"0000000000000000000000000000000000000000000000000000000000000000","sequence":1,"state":null,"subject":"party:UA"}"#
        #expect(String(decoding: entry.canonicalBytes, as: UTF8.self) == expected)
        // And it is exactly what the general serialiser makes of the same object.
        let object = CanonicalJSON.object([
            "action": .string("party.register"), "actor": .string("admin"), "at": .string("2026-02-05T09:00:00Z"),
            "detail": .object(["b": .string("é\"\n"), "a": .integer(-3)]), "previous": .string(Digest.zero.hex),
            "sequence": .integer(1), "state": .null, "subject": .string("party:UA"),
        ])
        #expect(entry.canonicalBytes == object.utf8)
        #expect(entry.hash == object.digest)
    }

    @Test("the accumulator's root equals the tree hash at every size")
    func accumulator() async {
        await propertyCheck(input: Gen.int(in: 0...70)) { size in
            let leaves = (0..<size).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
            var accumulator = MerkleAccumulator()
            for leaf in leaves { accumulator.append(leafHash: leaf) }
            #expect(accumulator.root == MerkleTree.rootHash(leafHashes: leaves))
            #expect(accumulator.count == size)
        }
    }

    @Test("a valid chain of any length verifies, with checkpoints anywhere in it")
    func validChains() async {
        await propertyCheck(input: Gen.int(in: 0...40), Gen.int(in: 0...40)) { length, checkpointAt in
            let chain = Self.chain(length)
            let size = min(checkpointAt, length)
            var accumulator = MerkleAccumulator()
            for (entry, _) in chain.prefix(size) { accumulator.append(leafHash: entry.leafHash) }
            var verifier = JournalVerifier(checkpoints: [Checkpoint(size: Int64(size), root: accumulator.root, recordedAt: "t")])
            for (entry, hash) in chain { verifier.check(entry, storedHash: hash) }
            verifier.finishEntries()
            #expect(verifier.problem == nil)
            #expect(verifier.entriesChecked == Int64(length))
        }
    }

    /// The chain with one change made behind the journal's back: the actor of the entry at `index` edited
    /// (kind 0), an entry that is not the last removed (kind 1), the entry swapped with its neighbour (kind 2),
    /// or the actor edited and the entry's hash written anew to match (kind 3).
    static func tampered(
        _ chain: [(entry: JournalEntry, hash: Digest)], at index: Int, kind: Int
    ) -> [(entry: JournalEntry, hash: Digest)] {
        var chain = chain
        let length = chain.count
        switch kind {
        case 0:  // edit the actor of one entry, keeping its stored hash
            let old = chain[index].entry
            chain[index].entry = JournalEntry(
                sequence: old.sequence, recordedAt: old.recordedAt, actor: "official:RU", action: old.action,
                subject: old.subject, state: old.state, detail: old.detail, previous: old.previous)
        case 3:  // edit the actor of one entry and store the hash of its new content
            let old = chain[index].entry
            let edited = JournalEntry(
                sequence: old.sequence, recordedAt: old.recordedAt, actor: "official:RU", action: old.action,
                subject: old.subject, state: old.state, detail: old.detail, previous: old.previous)
            chain[index] = (edited, edited.hash)
        case 1:  // remove one entry that is not the last
            chain.remove(at: min(index, length - 2))
        default:  // swap one entry with the next, keeping positions
            let other = min(index + 1, length - 1) == index ? index - 1 : index + 1
            let (a, b) = (chain[index], chain[other])
            chain[index] = (
                JournalEntry(
                    sequence: a.entry.sequence, recordedAt: b.entry.recordedAt, actor: b.entry.actor, action: b.entry.action,
                    subject: b.entry.subject, state: b.entry.state, detail: b.entry.detail, previous: b.entry.previous),
                b.hash
            )
            chain[other] = (
                JournalEntry(
                    sequence: b.entry.sequence, recordedAt: a.entry.recordedAt, actor: a.entry.actor, action: a.entry.action,
                    subject: a.entry.subject, state: a.entry.state, detail: a.entry.detail, previous: a.entry.previous),
                a.hash
            )
        }
        return chain
    }

    @Test("any single change to a random chain is found at or before the changed entry")
    func tamperedChains() async {
        await propertyCheck(input: Gen.int(in: 2...30), Gen.int(in: 0...1000), Gen.int(in: 0...3)) { length, pick, kind in
            let index = pick % (length - 1)
            let chain = Self.tampered(Self.chain(length), at: index, kind: kind)
            var verifier = JournalVerifier(checkpoints: [])
            for (entry, hash) in chain { verifier.check(entry, storedHash: hash) }
            verifier.finishEntries()
            let sequence = Int64(index + 1)
            let expected: JournalProblem =
                switch kind {
                case 0, 2: .changed(sequence: sequence)
                case 1: .missing(sequence: sequence, next: sequence + 1)
                default: .brokenLink(sequence: sequence + 1)
                }
            #expect(verifier.problem == expected)
        }
    }

    @Test("a subtree's root appended at once gives the root of its leaves appended one by one")
    func subtreeAppend() async {
        await propertyCheck(input: Gen.int(in: 0...40), Gen.int(in: 0...5)) { multiple, height in
            let size = 1 << height
            let before = (0..<(multiple * size)).map { MerkleTree.leafHash(Array("before \($0)".utf8)) }
            let subtree = (0..<size).map { MerkleTree.leafHash(Array("subtree \($0)".utf8)) }
            var oneByOne = MerkleAccumulator()
            var atOnce = MerkleAccumulator()
            for leaf in before {
                oneByOne.append(leafHash: leaf)
                atOnce.append(leafHash: leaf)
            }
            for leaf in subtree { oneByOne.append(leafHash: leaf) }
            atOnce.append(subtreeRoot: MerkleTree.rootHash(leafHashes: subtree), size: size)
            #expect(atOnce.root == oneByOne.root)
            #expect(atOnce.count == oneByOne.count)
        }
    }

    @Test("a chain read in spans, cut anywhere, verifies as it does entry by entry: intact, changed or checkpointed")
    func spans() async {
        await propertyCheck(
            input: Gen.int(in: 0...40), Gen.int(in: 0...1000), Gen.int(in: 0...4), Gen.int(in: 1...9), Gen.int(in: 0...41)
        ) { length, pick, kind, cut, checkpointAt in
            let valid = Self.chain(length)
            // Kind 4 leaves the chain as it is; the others change it.
            let chain = kind == 4 || length < 2 ? valid : Self.tampered(valid, at: pick % length, kind: kind)
            var accumulator = MerkleAccumulator()
            for (entry, _) in valid.prefix(checkpointAt) { accumulator.append(leafHash: entry.leafHash) }
            // A checkpoint past the end, or at a size whose root is recomputed from a changed chain, must fail.
            let checkpoints = [Checkpoint(size: Int64(checkpointAt), root: accumulator.root, recordedAt: "t")]
            var byEntry = JournalVerifier(checkpoints: checkpoints)
            for (entry, hash) in chain { byEntry.check(entry, storedHash: hash) }
            byEntry.finishEntries()
            // Spans of `cut` entries, and one of a power of two where the cut allows, as verification reads them.
            var bySpan = JournalVerifier(checkpoints: checkpoints)
            var position = 0
            while position < chain.count {
                let length = position % 2 == 0 && cut.nonzeroBitCount == 1 ? cut : max(1, cut - 1)
                var span = JournalSpan()
                for (entry, hash) in chain[position..<min(position + length, chain.count)] {
                    span.append(entry, storedHash: hash)
                }
                bySpan.join(span)
                position += length
            }
            bySpan.join(JournalSpan())
            bySpan.finishEntries()
            #expect(bySpan.problem == byEntry.problem)
            #expect(bySpan.entriesChecked == byEntry.entriesChecked)
            #expect(bySpan.head == byEntry.head)
            #expect(bySpan.root == byEntry.root)
            if kind == 4 && checkpointAt <= length { #expect(bySpan.problem == nil) }
        }
    }

    @Test(
        "checkpoints inside spans are checked at their size: several in one span, a rewritten one, one beyond the end",
        arguments: [1, 3, 4, 8, 16, 40])
    func checkpointsInSpans(spanLength: Int) {
        let chain = Self.chain(40)
        func root(_ size: Int) -> Digest {
            var accumulator = MerkleAccumulator()
            for (entry, _) in chain.prefix(size) { accumulator.append(leafHash: entry.leafHash) }
            return accumulator.root
        }
        func verify(_ checkpoints: [Checkpoint]) -> JournalVerifier {
            var verifier = JournalVerifier(checkpoints: checkpoints)
            for start in stride(from: 0, to: chain.count, by: spanLength) {
                var span = JournalSpan()
                for (entry, hash) in chain[start..<min(start + spanLength, chain.count)] { span.append(entry, storedHash: hash) }
                verifier.join(span)
            }
            verifier.finishEntries()
            return verifier
        }
        let intact = verify([3, 8, 13, 32, 40].map { Checkpoint(size: Int64($0), root: root($0), recordedAt: "t") })
        #expect(intact.problem == nil)
        #expect(intact.entriesChecked == 40)
        #expect(intact.root == root(40))

        let rewritten = verify([
            Checkpoint(size: 8, root: root(8), recordedAt: "t"), Checkpoint(size: 13, root: root(12), recordedAt: "then"),
        ])
        #expect(rewritten.problem == .checkpointMismatch(size: 13, recordedAt: "then"))
        #expect(rewritten.entriesChecked == 13)
        #expect(rewritten.head == chain[12].hash)

        let beyond = verify([Checkpoint(size: 45, root: root(40), recordedAt: "t")])
        #expect(beyond.problem == .truncated(checkpointSize: 45, entries: 40))
        #expect(beyond.entriesChecked == 40)
    }

    @Test("state checks find changed, missing and unjournaled subjects")
    func states() {
        let chain = Self.chain(3)
        func verifier() -> JournalVerifier {
            var verifier = JournalVerifier(checkpoints: [])
            for (entry, hash) in chain { verifier.check(entry, storedHash: hash) }
            return verifier
        }
        var intact = verifier()
        for (entry, _) in chain { intact.checkState(subject: entry.subject, state: entry.state ?? .zero) }
        intact.finishStates(kinds: [.record])
        #expect(intact.problem == nil)

        var changed = verifier()
        changed.checkState(subject: "record:2", state: .zero)
        #expect(changed.problem == .stateChanged(subject: "record:2", sequence: 2))

        var missing = verifier()
        missing.checkState(subject: "record:1", state: chain[0].entry.state ?? .zero)
        missing.finishStates(kinds: [.record])
        #expect(missing.problem == .subjectMissing(subject: "record:2", sequence: 2))

        var added = verifier()
        added.checkState(subject: "record:9", state: .zero)
        #expect(added.problem == .unjournaled(subject: "record:9"))
    }
}

/// Byte keys of many values in one flat buffer, addressed by value id.
struct FlatKeys<Element: Sendable>: Sendable {
    private(set) var elements: [Element] = []
    private(set) var starts: [Int32] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ key: some Sequence<Element>) {
        elements.append(contentsOf: key)
        starts.append(Int32(elements.count))
    }

    subscript(id: Int32) -> ArraySlice<Element> {
        elements[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }
}

/// Every distinct surname, given name and patronymic of a run, with the keys derived from it once.
///
/// The three fields share one vocabulary so that a surname typed into the given-name field can be
/// compared with a surname.
struct NameVocabulary: Sendable {
    private var ids = RawValueIndex<Int32>()
    private var skeletonIDs: [[UInt8]: Int32] = [:]
    private(set) var script: [Script] = []
    private(set) var isInitial: [Bool] = []
    private(set) var looksLikePatronymic: [Bool] = []
    /// Cross-script key of each value.
    private(set) var skeletons = FlatKeys<UInt8>()
    /// Interned cross-script key: values with equal keys are spelling variants of one name.
    private(set) var skeletonID: [Int32] = []
    /// For a value of several words (a compound name such as Петренко-Василенко): the interned cross-script
    /// key of each word; empty for a single word.
    private(set) var wordSkeletonIDs = FlatKeys<Int32>()
    /// Hash of the cross-script key without vowels: survives most one-letter typos in a surname.
    private(set) var consonantHash: [UInt64] = []
    /// Stable hash of the folded value itself.
    private(set) var ownHash: [UInt64] = []
    /// For a Cyrillic value: hashes of its romanisations by every system that can write it.
    private(set) var romanizations = FlatKeys<UInt64>()
    /// For a Cyrillic value: hash of its surname-shifted form; 0 otherwise.
    private(set) var shiftedHash: [UInt64] = []
    private(set) var givenClusters = FlatKeys<Int32>()
    /// Bits of the first letters the value's name can be written with, in any of its forms.
    private(set) var initials: [UInt32] = []
    private(set) var patronymicClusters = FlatKeys<Int32>()

    var count: Int { script.count }
    var skeletonCount: Int { skeletonIDs.count }

    /// The keys of one folded name, computed without touching a vocabulary so that many can be
    /// computed at once.
    struct Derived: Sendable {
        var text: String
        var folded: FoldedText
        var skeleton: [UInt8]
        var wordSkeletons: [[UInt8]]
        var romanizations: [UInt64]
        var shiftedHash: UInt64
        var givenClusters: [Int32]
        var patronymicClusters: [Int32]
        var initials: UInt32

        init(_ folded: FoldedText, data: LinkageData) {
            self.folded = folded
            text = folded.string
            skeleton = CrossScriptKey.of(folded.scalars)
            let words = folded.words
            wordSkeletons = words.count > 1 ? words.map { CrossScriptKey.of(Array($0)) } : []
            if folded.script == .cyrillic {
                let forms = data.romanization.systems(for: folded.scalars).compactMap {
                    data.romanization.romanize(folded.scalars, system: $0)
                }
                romanizations = Array(Set(forms.map { StableHash.of($0.utf8) }))
                var shifted = String()
                shifted.unicodeScalars.append(contentsOf: data.surnameShifts.shared(folded.scalars))
                shiftedHash = StableHash.of(shifted.utf8)
            } else {
                romanizations = []
                shiftedHash = 0
            }
            givenClusters = data.equivalence.givenNames[skeleton] ?? []
            patronymicClusters = data.equivalence.patronymics[skeleton] ?? []
            initials = givenClusters.reduce(NameEquivalence.initialBit(skeleton)) {
                $0 | data.equivalence.givenNameInitials[Int($1)]
            }
        }
    }

    /// The id of a folded value, deriving its keys the first time it is seen.
    mutating func id(of folded: FoldedText, data: LinkageData) -> Int32 {
        if let id = ids[folded.string] { return id }
        return insert(Derived(folded, data: data))
    }

    /// The id of a derived value, adding it when it is new.
    mutating func insert(_ derived: Derived) -> Int32 {
        if let id = ids[derived.text] { return id }
        let id = Int32(script.count)
        ids[derived.text] = id
        let skeleton = derived.skeleton
        script.append(derived.folded.script)
        isInitial.append(derived.folded.isInitial)
        looksLikePatronymic.append(PatronymicForms.looksLikePatronymic(key: skeleton))
        skeletons.append(skeleton)
        skeletonID.append(intern(skeleton))
        wordSkeletonIDs.append(derived.wordSkeletons.map { intern($0) })
        ownHash.append(StableHash.of(derived.text.utf8))
        consonantHash.append(StableHash.of(skeleton.filter { !"aeiou".utf8.contains($0) }))
        romanizations.append(derived.romanizations)
        shiftedHash.append(derived.shiftedHash)
        givenClusters.append(derived.givenClusters)
        initials.append(derived.initials)
        patronymicClusters.append(derived.patronymicClusters)
        return id
    }
}

extension NameVocabulary {
    private mutating func intern(_ skeleton: [UInt8]) -> Int32 {
        if let known = skeletonIDs[skeleton] { return known }
        let new = Int32(skeletonIDs.count)
        skeletonIDs[skeleton] = new
        return new
    }

    /// Whether one value is a word of the other, compound, value (Петренко and Петренко-Василенко).
    func isPart(_ a: Int32, of b: Int32) -> Bool {
        let (wordsA, wordsB) = (wordSkeletonIDs[a], wordSkeletonIDs[b])
        if wordsA.isEmpty && !wordsB.isEmpty { return wordsB.contains(skeletonID[Int(a)]) }
        if wordsB.isEmpty && !wordsA.isEmpty { return wordsA.contains(skeletonID[Int(b)]) }
        return false
    }
}

/// Every distinct place of birth of a run, with its keys.
struct PlaceVocabulary: Sendable {
    private var ids = RawValueIndex<Int32>()
    private var skeletonIDs: [[UInt8]: Int32] = [:]
    private(set) var skeletons = FlatKeys<UInt8>()
    private(set) var skeletonID: [Int32] = []
    private(set) var clusters = FlatKeys<Int32>()

    var skeletonCount: Int { skeletonIDs.count }

    mutating func id(of folded: FoldedText, data: LinkageData) -> Int32 {
        let text = folded.string
        if let id = ids[text] { return id }
        let id = Int32(skeletonID.count)
        ids[text] = id
        let skeleton = CrossScriptKey.of(folded.scalars)
        skeletons.append(skeleton)
        if let known = skeletonIDs[skeleton] {
            skeletonID.append(known)
        } else {
            let new = Int32(skeletonIDs.count)
            skeletonIDs[skeleton] = new
            skeletonID.append(new)
        }
        clusters.append(data.equivalence.places[skeleton] ?? [])
        return id
    }
}

/// Every distinct service number of a run, folded.
struct ServiceNumberVocabulary: Sendable {
    private var ids: [[UInt8]: Int32] = [:]
    private(set) var folded = FlatKeys<UInt8>()
    /// Hash of the digits to block on, 0 when the number has too few legible digits.
    private(set) var blockingHash: [UInt64] = []

    mutating func id(of value: [UInt8]) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(blockingHash.count)
        ids[value] = id
        folded.append(value)
        blockingHash.append(ServiceNumber.blockingDigits(value[...]).map { StableHash.of($0) } ?? 0)
        return id
    }
}

/// The words a registry search indexes and looks up, so that a name typed in any script or in its
/// Ukrainian, Russian or Latin form finds the others: `Oleksandr` finds `Олександр` and `Александр`.
///
/// Each word of a name gives its cross-script key (`k…`), and, when the tables know it, the cluster
/// of equivalent given names (`g…`) or patronymics (`p…`) it belongs to. Keys are plain ASCII letters
/// and digits, so any full-text index can hold them. They are for finding, never shown.
public struct NameSearchKeys: Sendable {
    private let equivalence: NameEquivalence

    /// Reads the shipped equivalence tables (once per process).
    public init() throws(DataTableError) {
        equivalence = try LinkageData.shipped.get().equivalence
    }

    /// The keys to index for a person's names: every word of each.
    public func keys(surname: String?, givenName: String?, patronymic: String?) -> [String] {
        var keys: [String] = []
        for name in [surname, givenName, patronymic].compactMap({ $0 }) {
            for key in self.keys(of: name) where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// The keys of one name: every word's, each key once.
    func keys(of name: String) -> [String] {
        var keys: [String] = []
        for word in words(of: name) {
            for key in alternatives(word) where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// What a person typed, as full-text terms: every word must match one of its forms; the last word
    /// may be the start of a name (in the script it is typed in), as it is while someone is still typing,
    /// unless it is already a whole given name or patronymic that the tables know, whose forms it then
    /// matches in every script (a prefix of a name as common as Oleksandr would read a fifth of a
    /// registry). Words with no letters (such as the digits of a reference) are left to other searches;
    /// `nil` when no word has letters.
    public func query(_ text: String) -> NameQuery? {
        var words = words(of: text).map(alternatives).filter { !$0.isEmpty }
        guard let last = words.last else { return nil }
        guard last.count == 1 else { return NameQuery(words: words, prefix: nil) }
        words.removeLast()
        return NameQuery(words: words, prefix: last[0])
    }

    /// The folded words of a value, each as its scalars.
    private func words(of value: String) -> [[Unicode.Scalar]] {
        guard let folded = TextFolding.fold(value) else { return [] }
        return folded.words.map(Array.init)
    }

    /// A word's cross-script key first, then the clusters of names it may be.
    private func alternatives(_ word: [Unicode.Scalar]) -> [String] {
        let key = CrossScriptKey.of(word)
        guard !key.isEmpty else { return [] }
        var forms = ["k" + Self.ascii(key)]
        forms += (equivalence.givenNames[key] ?? []).map { "g\($0)" }
        forms += (equivalence.patronymics[key] ?? []).map { "p\($0)" }
        return forms
    }

    /// The key's bytes as lowercase letters and digits: the reduced alphabet's capitals (S ш, C ч,
    /// X х, Z ж, c ц) become digits, so that an index that folds case keeps them apart.
    private static func ascii(_ key: [UInt8]) -> String {
        String(
            decoding: key.map { byte in
                switch byte {
                case UInt8(ascii: "S"): UInt8(ascii: "1")
                case UInt8(ascii: "C"): UInt8(ascii: "2")
                case UInt8(ascii: "X"): UInt8(ascii: "3")
                case UInt8(ascii: "Z"): UInt8(ascii: "4")
                case UInt8(ascii: "c"): UInt8(ascii: "5")
                default: byte
                }
            }, as: UTF8.self)
    }
}

/// A registry search as full-text terms (``NameSearchKeys/query(_:)``).
public struct NameQuery: Sendable, Hashable {
    /// The forms of each whole word: a record matches when it holds one form of every word.
    public let words: [[String]]
    /// The key that the last word, still being typed, begins, if it may be the start of a name.
    public let prefix: String?

    /// The most keys a prefix is matched by, one by one; beyond them, the index's own prefix query is used.
    public static let prefixTermLimit = 64

    /// The query in FTS5's syntax. A prefix is matched by `completions`, the indexed keys that begin with
    /// it, as alternatives; when they are unknown (`nil`) or more than ``prefixTermLimit``, by the index's own
    /// prefix query, which merges every one of their entries before it can answer. `nil` when no key
    /// completes the prefix, so that nothing can match.
    public func expression(completions: [String]?) -> String? {
        var clauses = words.map { $0.map(Self.quoted) }
        if let prefix {
            if let completions, completions.count <= Self.prefixTermLimit {
                guard !completions.isEmpty else { return nil }
                clauses.append(completions.map(Self.quoted))
            } else {
                clauses.append([Self.quoted(prefix) + "*"])
            }
        }
        return clauses.map { "(" + $0.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
    }

    /// A term as an FTS5 string, so that the query's syntax never reads a term as an operator.
    static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Writes the search keys of many people's names, as ``NameSearchKeys/keys(surname:givenName:patronymic:)``
/// gives them, separated by spaces: the text an import indexes for each new record.
///
/// Given names and patronymics repeat from person to person, and surnames nearly as much: each name's
/// keys are worked out once, then remembered by a hash of the name's UTF-8 bytes (hashing a `String`
/// of Cyrillic normalises it first, which costs more than the lookup, and a key of bytes would be an
/// array made for each lookup), so that an import of a million people folds and transliterates a few
/// thousand names rather than three million.
public struct NameKeyWriter: Sendable {
    private let keys: NameSearchKeys
    /// Names by the hash of their bytes, each with its keys; names whose hashes collide share a list.
    private var known: [Int: [(name: [UInt8], keys: [[UInt8]])]] = [:]
    private var knownCount = 0
    /// The most names remembered; past it, the memory starts again, so that a file of all-different
    /// names cannot fill it.
    private let limit: Int
    /// The keys written since the names were last forgotten, and those not yet taken by ``takeNewKeys()``.
    private var written: Set<[UInt8]> = []
    private var fresh: [[UInt8]] = []

    public init(_ keys: NameSearchKeys, remembering limit: Int = 100_000) {
        self.keys = keys
        self.limit = limit
    }

    /// Appends the keys of a person's names to `text`, each once, separated by spaces.
    public mutating func append(surname: String?, givenName: String?, patronymic: String?, to text: inout [UInt8]) {
        let start = text.count
        for name in [surname, givenName, patronymic] {
            guard var name else { continue }
            name.withUTF8 { name in
                for key in keys(of: name) where !Self.contains(key, in: text[start...]) {
                    if text.count > start { text.append(UInt8(ascii: " ")) }
                    text.append(contentsOf: key)
                }
            }
        }
    }

    /// The keys written for the first time since the last call: the vocabulary a search completes a
    /// prefix from (each name's keys are worked out once, so this costs nothing per person).
    public mutating func takeNewKeys() -> [[UInt8]] {
        defer { fresh.removeAll() }
        return fresh
    }

    /// Whether `words`, separated by spaces, include `key`.
    private static func contains(_ key: [UInt8], in words: ArraySlice<UInt8>) -> Bool {
        var start = words.startIndex
        while start < words.endIndex {
            let end = words[start...].firstIndex(of: UInt8(ascii: " ")) ?? words.endIndex
            if words[start..<end].elementsEqual(key) { return true }
            start = end + 1
        }
        return false
    }

    private mutating func keys(of name: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(name))
        let hash = hasher.finalize()
        if let found = known[hash]?.first(where: { $0.name.elementsEqual(name) }) { return found.keys }
        if knownCount >= limit {
            // The keys written are forgotten too: the vocabulary takes a key again as it already has it.
            known.removeAll(keepingCapacity: true)
            written.removeAll(keepingCapacity: true)
            knownCount = 0
        }
        let found = keys.keys(of: String(decoding: name, as: UTF8.self)).map { Array($0.utf8) }
        for key in found where written.insert(key).inserted { fresh.append(key) }
        known[hash, default: []].append((Array(name), found))
        knownCount += 1
        return found
    }
}

/// The Ukrainian ↔ Russian surname spelling shifts of `surname-shifts.tsv`.
///
/// Rewrites a folded Cyrillic surname towards one form both spellings share: Висоцький and Высоцкий both
/// become высоцкий, Олійник and Олейник both олейник.
struct SurnameShifts: Sendable {
    private var suffixes: [([Unicode.Scalar], [Unicode.Scalar])]
    private var letters: [([Unicode.Scalar], [Unicode.Scalar])]

    init(table: DataTable) throws(DataTableError) {
        var suffixes: [([Unicode.Scalar], [Unicode.Scalar])] = []
        var letters: [([Unicode.Scalar], [Unicode.Scalar])] = []
        for (line, cells) in table.rows {
            guard cells.count == 3, !cells[1].isEmpty else {
                throw table.malformed(line, "expected kind, from and to separated by tabs")
            }
            let from = Array(cells[1].unicodeScalars)
            let to = cells[2] == "_" ? [] : Array(cells[2].unicodeScalars)
            switch cells[0] {
            case "suffix": suffixes.append((from, to))
            case "letters": letters.append((from, to))
            default: throw table.malformed(line, "kind must be suffix or letters, found \(cells[0])")
            }
        }
        self.suffixes = suffixes.sorted { $0.0.count > $1.0.count }
        self.letters = letters
    }

    /// The shared form of a folded Cyrillic surname.
    func shared(_ folded: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = folded
        if let (from, to) = suffixes.first(where: {
            text.count > $0.0.count && text.suffix($0.0.count).elementsEqual($0.0)
        }) {
            text.removeLast(from.count)
            text += to
        }
        for (from, to) in letters {
            text = replacing(from, with: to, in: text)
        }
        return text
    }

    private func replacing(
        _ from: [Unicode.Scalar], with to: [Unicode.Scalar], in text: [Unicode.Scalar]
    )
        -> [Unicode.Scalar]
    {
        guard text.count >= from.count else { return text }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if index + from.count <= text.count, text[index..<index + from.count].elementsEqual(from) {
                result += to
                index += from.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}

import ParleyCore

/// The canonical forms of match runs and review decisions: what the journal's state digests of them cover.

extension MatchCandidate.FieldWeight {
    /// `{"field":…,"level":…,"weight":…}`, as a run's candidates and the stored explanation write it.
    public var canonicalForm: CanonicalJSON {
        object([("field", .string(field)), ("level", .string(level)), ("weight", .number(weight))])
    }

    /// Reads one field's comparison back from its canonical form; `nil` if it is not one.
    public init?(canonical value: CanonicalJSON) {
        guard case .object(let members) = value, case .string(let field)? = members["field"],
            case .string(let level)? = members["level"]
        else { return nil }
        switch members["weight"] {
        case .number(let weight)?: self.init(field: field, level: level, weight: weight)
        case .integer(let weight)?: self.init(field: field, level: level, weight: Double(weight))
        default: return nil
        }
    }
}

extension MatchRun: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.matchRun, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)),
            (
                "candidates",
                .array(
                    candidates.map { candidate in
                        object([
                            ("explanation", .array(candidate.explanation.map(\.canonicalForm))),
                            ("held", .integer(candidate.held.rawValue)),
                            ("id", .integer(candidate.id.rawValue)),
                            ("probability", .number(candidate.probability)),
                            ("sought", .integer(candidate.sought.rawValue)),
                            ("weight", candidate.weight.map(CanonicalJSON.number)),
                        ])
                    })
            ),
            ("holding", .string(holding.rawValue)),
            ("id", .integer(id.rawValue)),
            ("seeking", .string(seeking.rawValue)),
            ("threshold", .number(threshold)),
        ])
    }
}

extension MatchDecision: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.decision, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)),
            ("by", .string(by.description)),
            ("held", .integer(held.rawValue)),
            ("id", .integer(id.rawValue)),
            ("sought", .integer(sought.rawValue)),
            ("verdict", .string(verdict.rawValue)),
        ])
    }
}

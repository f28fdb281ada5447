/// Writes registry rows in the CSV format that ``RegistryFileReader`` reads.
///
/// Used to export a registry and to turn generated people into the same files a party
/// would import, so that demo and benchmark data take the path real data takes.
public enum RegistryFileWriter {
    /// The header line, with every column.
    public static var header: String {
        RegistryColumn.allCases.map(\.rawValue).joined(separator: ",") + "\n"
    }

    /// One CSV line for a row, quoted where needed.
    public static func line(_ row: RegistryRow) -> String {
        let p = row.person
        let values: [String?] = RegistryColumn.allCases.map { column in
            switch column {
            case .id: row.reference
            case .surname: p.surname
            case .givenName: p.givenName
            case .patronymic: p.patronymic
            case .sex: p.sex?.rawValue
            case .dateOfBirth: p.dateOfBirth?.description
            case .placeOfBirth: p.placeOfBirth
            case .rank: p.rank
            case .serviceNumber: p.serviceNumber
            case .armedForce: p.armedForce
            case .unit: p.unit
            case .dependsOn: p.dependsOn
            case .fatherName: p.fatherName
            case .motherMaidenName: p.motherMaidenName
            case .informName: p.informName
            case .informAddress: p.informAddress
            case .category: p.category.rawValue
            case .health: p.health?.rawValue
            case .capturedOn: p.capturedOn?.description
            case .capturedAt: p.capturedAt
            case .internedAt: p.internedAt
            case .synthetic: row.isSynthetic ? "yes" : "no"
            }
        }
        return CSVWriter.line(values.map { $0 ?? "" })
    }

    /// A whole file: the header and a line per row.
    public static func file(_ rows: some Sequence<RegistryRow>) -> String {
        rows.reduce(into: header) { $0 += line($1) }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

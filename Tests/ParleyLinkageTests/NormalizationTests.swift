import ParleyCore
import Testing

@testable import ParleyLinkage

/// A comparator over the given pairs of values, each pair as one record on each side.
func comparator(_ records: [[LinkageRecord]]) throws -> FieldComparator {
    let data = try LinkageData.shipped.get()
    return FieldComparator(
        records: PreparedRecords(lists: records, data: data),
        givenClusterCount: data.equivalence.givenNameForms.count,
        placeClusterCount: data.equivalence.placeCount)
}

/// The level two single-field values reach.
func level(_ field: LinkageField, _ a: String, _ b: String) throws -> ComparisonLevel {
    func record(_ value: String) -> LinkageRecord {
        switch field {
        case .surname: LinkageRecord(id: "x", surname: value)
        case .givenName: LinkageRecord(id: "x", givenName: value)
        case .patronymic: LinkageRecord(id: "x", patronymic: value)
        case .placeOfBirth: LinkageRecord(id: "x", placeOfBirth: value)
        case .serviceNumber: LinkageRecord(id: "x", serviceNumber: value)
        case .dateOfBirth: LinkageRecord(id: "x", dateOfBirth: try? PartialDate(parsing: value))
        }
    }
    let comparison = try comparator([[record(a)], [record(b)]])
    let records = comparison.records
    let pattern = comparison.compare(0, in: records.lists[0], 0, in: records.lists[1]).pattern
    return field.levels[pattern.level(field)]
}

@Suite("Normalisation")
struct NormalizationTests {
    @Test("NFKC, case folding and every apostrophe form")
    func folding() {
        #expect(TextFolding.fold("В’ЯЧЕСЛАВ")?.string == "вячеслав")
        #expect(TextFolding.fold("Вʼячеслав")?.string == "вячеслав")
        #expect(TextFolding.fold("В`ячеслав")?.string == "вячеслав")
        #expect(TextFolding.fold("Вʻячеслав")?.string == "вячеслав")
        #expect(TextFolding.fold("ﬁlip")?.string == "filip")
        #expect(TextFolding.fold("Семён")?.string == "семен")
    }

    @Test("й and ї keep their identity: no diacritic stripping on Cyrillic")
    func shortI() {
        #expect(TextFolding.fold("Андрій")?.string == "андрій")
        #expect(TextFolding.fold("Їжакевич")?.string == "їжакевич")
    }

    @Test("Hyphens and spaces in compound names become one space")
    func compoundNames() {
        #expect(TextFolding.fold("Петренко-Василенко")?.string == "петренко василенко")
        #expect(TextFolding.fold("  Петренко –  Василенко ")?.string == "петренко василенко")
    }

    @Test("Latin look-alikes inside a Cyrillic word, and the reverse")
    func homoglyphs() {
        let latinI = TextFolding.fold("ОЛIЙНИК")
        #expect(latinI?.string == "олійник")
        #expect(latinI?.script == .cyrillic)
        #expect(TextFolding.fold("Shevchеnko")?.script == .latin)
        #expect(TextFolding.fold("Shevchеnko")?.string == "shevchenko")
    }

    @Test("Initials are recognised")
    func initials() {
        #expect(TextFolding.fold("А.")?.isInitial == true)
        #expect(TextFolding.fold("O")?.isInitial == true)
        #expect(TextFolding.fold("Ол")?.isInitial == false)
    }

    @Test("Service numbers: BK for ВК, masks and separators")
    func serviceNumbers() throws {
        #expect(ServiceNumber.fold("ВК 123-456") == Array("BK123456".utf8))
        #expect(ServiceNumber.fold("bk123456") == Array("BK123456".utf8))
        #expect(ServiceNumber.fold("ВК12**56") == Array("BK12??56".utf8))
        #expect(try level(.serviceNumber, "ВК 123456", "BK123456") == .exact)
        #expect(try level(.serviceNumber, "ВК12**56", "BK123456") == .compatible)
        #expect(try level(.serviceNumber, "123456", "BK123456") == .compatible)
        #expect(try level(.serviceNumber, "BK123465", "BK123456") == .close)
        #expect(try level(.serviceNumber, "BK987654", "BK123456") == .different)
    }

    @Test("Patronymics are recognised by their endings, in both scripts")
    func patronymicEndings() throws {
        for patronymic in ["Іванович", "Сергіївна", "Ивановна", "Ilyich", "Oleksandrovych", "Sergeevich", "Ильинична"] {
            let key = CrossScriptKey.of(try #require(TextFolding.fold(patronymic)).scalars)
            #expect(PatronymicForms.looksLikePatronymic(key: key) || patronymic == "Ilyich", "\(patronymic)")
        }
        let surname = CrossScriptKey.of(try #require(TextFolding.fold("Шевченко")).scalars)
        #expect(!PatronymicForms.looksLikePatronymic(key: surname))
    }

    @Test("Given name and patronymic typed into one field are split")
    func givenAndPatronymicInOneField() throws {
        let comparison = try comparator([
            [LinkageRecord(id: "a", surname: "Шевченко", givenName: "Олександр Іванович")],
            [LinkageRecord(id: "b", surname: "Шевченко", givenName: "Александр", patronymic: "Иванович")],
        ])
        let records = comparison.records
        let pattern = comparison.compare(0, in: records.lists[0], 0, in: records.lists[1]).pattern
        #expect(LinkageField.givenName.levels[pattern.level(.givenName)] == .equivalent)
        #expect(LinkageField.patronymic.levels[pattern.level(.patronymic)] == .equivalent)
    }

    @Test("Surname and given name swapped are compared crosswise")
    func swappedNames() throws {
        let comparison = try comparator([
            [LinkageRecord(id: "a", surname: "Олександр", givenName: "Шевченко")],
            [LinkageRecord(id: "b", surname: "Шевченко", givenName: "Александр")],
        ])
        let records = comparison.records
        let outcome = comparison.compare(0, in: records.lists[0], 0, in: records.lists[1])
        #expect(outcome.swapped)
        #expect(LinkageField.surname.levels[outcome.pattern.level(.surname)] == .exact)
        #expect(LinkageField.givenName.levels[outcome.pattern.level(.givenName)] == .equivalent)
    }
}

import Foundation
import ParleyCore
import ParleyLinkage

/// How a person becomes a record on one side's list, with that side's habits and mistakes.
extension PopulationGenerator {
    mutating func style(holdingSide: Bool) -> WritingStyle {
        let roll = Double.random(in: 0..<1, using: &random)
        if holdingSide {
            return roll < 0.55
                ? .russianCyrillic : roll < 0.75 ? .russianLatin : roll < 0.9 ? .ukrainianCyrillic : .ukrainianLatin
        }
        return roll < 0.6
            ? .ukrainianCyrillic : roll < 0.85 ? .ukrainianLatin : roll < 0.95 ? .russianCyrillic : .russianLatin
    }

    mutating func record(_ person: SyntheticPerson, id: String, holdingSide: Bool) -> LinkageRecord {
        let style = style(holdingSide: holdingSide)
        let russian = style == .russianCyrillic || style == .russianLatin
        let latinSystem: RomanizationSystem? =
            switch style {
            case .ukrainianLatin: .ukrainianNational2010
            case .russianLatin:
                [.icao, .icao, .bgnPcgn, .russianPassport1997, .gostB][Int.random(in: 0..<5, using: &random)]
            default: nil
            }
        var surname = russian ? russianSurname(person) : femininized(person)
        var given = russian ? person.given.russian : person.given.ukrainian
        let patronymics = patronymicForms[person.father] ?? ReferenceNames.patronymics(of: person.father)
        patronymicForms[person.father] = patronymics
        var patronymic: String? =
            russian
            ? (person.isMale ? patronymics.russianMale : patronymics.russianFemale)
            : (person.isMale ? patronymics.ukrainianMale : patronymics.ukrainianFemale)
        if chance(0.08) { surname = typo(surname) }
        if chance(0.03) { given = typo(given) }
        if let system = latinSystem {
            surname = romanize(surname, system)
            given = romanize(given, system)
            patronymic = patronymic.map { romanize($0, system) }
        } else if chance(0.02) {
            surname = surname.replacingFirst("І", with: "I").replacingFirst("і", with: "i")
        }
        if chance(0.15) { patronymic = nil }
        if chance(0.03) { given = String(given.prefix(1)) + "." }
        if chance(0.25) { surname = surname.uppercased() }
        var givenField: String? = given
        var surnameField: String? = surname
        if chance(0.02) { (givenField, surnameField) = (surname, given) }
        if chance(0.03), let whole = patronymic {
            givenField = (givenField ?? "") + " " + whole
            patronymic = nil
        }
        return LinkageRecord(
            id: id,
            surname: surnameField,
            givenName: givenField,
            patronymic: patronymic,
            dateOfBirth: birth(person.birth),
            placeOfBirth: place(person.place, russian: russian, latin: latinSystem),
            serviceNumber: service(person.serviceNumber, holdingSide: holdingSide)
        )
    }

    mutating func russianSurname(_ person: SyntheticPerson) -> String {
        let key = person.surname + (person.isMale ? "" : "|f")
        if let known = russianSurnames[key] { return known }
        let russian = Self.russianSurname(person.surname, isMale: person.isMale)
        russianSurnames[key] = russian
        return russian
    }

    static func russianSurname(_ ukrainian: String, isMale: Bool) -> String {
        var text = ukrainian
        for (from, to) in [
            ("ський", "ский"), ("ій", "ей"), ("і", "и"), ("ї", "и"), ("є", "е"), ("Є", "Е"), ("І", "И"), ("Ї", "И"),
        ] {
            text = text.replacingAll(from, with: to)
        }
        if !isMale && text.hasSuffix("ский") { text = String(text.dropLast(4)) + "ская" }
        return text
    }

    func femininized(_ person: SyntheticPerson) -> String {
        guard !person.isMale, person.surname.hasSuffix("ський") else { return person.surname }
        return String(person.surname.dropLast(5)) + "ська"
    }

    mutating func romanize(_ text: String, _ system: RomanizationSystem) -> String {
        let key = system.rawValue + "|" + text
        if let known = romanized[key] { return known }
        let latin = ((try? Romanizer.romanize(text, system: system)) ?? nil) ?? text
        romanized[key] = latin
        return latin
    }

    mutating func typo(_ text: String) -> String {
        var letters = Array(text)
        guard letters.count > 3 else { return text }
        let position = Int.random(in: 1..<letters.count - 1, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: letters.remove(at: position)
        case 1: letters.swapAt(position, position + 1)
        case 2: letters.insert(letters[position], at: position)
        default:
            let alphabet = Array(letters.contains { $0.isASCII } ? "aeiourstnlk" : "аеиоуртнлкі")
            letters[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
        }
        return String(letters)
    }

    mutating func birth(_ date: PartialDate) -> PartialDate? {
        let roll = Double.random(in: 0..<1, using: &random)
        guard let month = date.month, let day = date.day else { return date }
        switch roll {
        case ..<0.05: return nil
        case ..<0.13: return try? PartialDate(year: date.year)
        case ..<0.17: return try? PartialDate(year: date.year, month: month)
        case ..<0.20 where day <= 12: return try? PartialDate(year: date.year, month: day, day: month)
        case ..<0.23: return try? PartialDate(year: date.year + (chance(0.5) ? 1 : -1), month: month, day: day)
        case ..<0.26: return try? PartialDate(year: date.year, month: month, day: day % 28 + 1)
        default: return date
        }
    }

    mutating func place(_ names: [String], russian: Bool, latin: RomanizationSystem?) -> String? {
        guard chance(0.7) else { return nil }
        var name = russian && names.count > 1 ? names[1] : names[0]
        if names.count > 2, chance(0.3) { name = names[Int.random(in: 2..<names.count, using: &random)] }
        return latin.map { romanize(name, $0) } ?? name
    }

    mutating func service(_ number: String?, holdingSide: Bool) -> String? {
        guard let number, chance(0.6) else { return nil }
        var scalars = Array(number)
        if chance(0.15) {
            let start = Int.random(in: 2..<scalars.count - 2, using: &random)
            scalars[start] = "*"
            scalars[start + 1] = "*"
        }
        var text = String(scalars)
        if holdingSide, chance(0.5) {
            text = text.replacingAll("В", with: "B").replacingAll("К", with: "K").replacingAll("А", with: "A")
                .replacingAll("М", with: "M").replacingAll("О", with: "O").replacingAll("С", with: "C")
        }
        if chance(0.2) { text = String(text.prefix(2)) + " " + String(text.dropFirst(2)) }
        return text
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

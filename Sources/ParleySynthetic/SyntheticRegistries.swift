import ParleyCore
import ParleyLinkage

/// Generates the registries of two belligerents with made-up people, seeded and reproducible.
///
/// Each side holds some of the other side's people and seeks some of its own, and writes
/// every name the way that side would: Ukrainian registries in Ukrainian forms
/// (Олександр, Олійник, Дніпро), Russian registries in Russian forms (Александр,
/// Олейник, Днепропетровск). Most persons one side seeks are held by the other, so the
/// registries can be matched across scripts and languages. Some lists are in Latin letters,
/// as passports write names. Every row is marked synthetic.
public struct SyntheticRegistries: Sendable {
    /// One side's registry: the rows it holds and the rows it seeks.
    public struct Registry: Sendable {
        public var held: [RegistryRow] = []
        public var sought: [RegistryRow] = []
    }

    /// The side whose orthography a name is written in.
    enum Side: Sendable {
        case ukrainian, russian
    }

    /// A made-up person, before any side writes them down.
    struct Person {
        let nationality: Side
        let sex: Sex
        let givenName: NameTables.GivenName
        let father: NameTables.GivenName
        let surname: NameTables.Pair
        let place: NameTables.Pair
        let dateOfBirth: PartialDate
        let category: PersonCategory
        let health: Health
        let rankIndex: Int
        let serviceNumber: String?
        let capturedOn: PartialDate
    }

    public let ukraine: Registry
    public let russia: Registry

    /// The seed used when none is given: the date of the seed's announcement, 5 February 2026.
    public static let defaultSeed: UInt64 = 2026_02_05

    /// The day the generated registries stand on: no capture or birth falls after it.
    public static var asOf: PartialDate {
        PartialDate.generated(2026, 2, 5)
    }

    /// Builds both registries.
    ///
    /// - Parameters:
    ///   - seed: the same seed gives the same registries.
    ///   - heldPerSide: how many of the other side's people each side holds.
    ///   - today: no date is generated after it.
    public init(seed: UInt64, heldPerSide: Int, today: PartialDate) {
        var random = SeededGenerator(seed: seed)
        func people(_ nationality: Side, count: Int) -> [Person] {
            (0..<count).map { _ in SyntheticRegistries.person(nationality, today: today, random: &random) }
        }
        // Of the people each side holds, about four in five are also sought by their own
        // side; each side also seeks people the other does not hold (missing, or dead).
        let ukrainiansHeld = people(.ukrainian, count: heldPerSide)
        let russiansHeld = people(.russian, count: heldPerSide)
        let ukrainiansMissing = people(.ukrainian, count: heldPerSide / 4)
        let russiansMissing = people(.russian, count: heldPerSide / 4)

        var ukraine = Registry()
        var russia = Registry()
        for (index, person) in russiansHeld.enumerated() {
            ukraine.held.append(Self.row(person, writtenBy: .ukrainian, reference: "UA-H-\(index + 1)", random: &random))
            if random.chance(0.8) {
                russia.sought.append(
                    Self.row(person, writtenBy: .russian, reference: "RU-S-\(russia.sought.count + 1)", random: &random))
            }
        }
        for (index, person) in ukrainiansHeld.enumerated() {
            russia.held.append(Self.row(person, writtenBy: .russian, reference: "RU-H-\(index + 1)", random: &random))
            if random.chance(0.8) {
                ukraine.sought.append(
                    Self.row(person, writtenBy: .ukrainian, reference: "UA-S-\(ukraine.sought.count + 1)", random: &random))
            }
        }
        for person in ukrainiansMissing {
            ukraine.sought.append(
                Self.row(person, writtenBy: .ukrainian, reference: "UA-S-\(ukraine.sought.count + 1)", random: &random))
        }
        for person in russiansMissing {
            russia.sought.append(
                Self.row(person, writtenBy: .russian, reference: "RU-S-\(russia.sought.count + 1)", random: &random))
        }
        self.ukraine = ukraine
        self.russia = russia
    }

    /// Ranks from private to major, `uk|ru`.
    static let ranks: [NameTables.Pair] = [
        .init(ukrainian: "солдат", russian: "рядовой"),
        .init(ukrainian: "старший солдат", russian: "ефрейтор"),
        .init(ukrainian: "молодший сержант", russian: "младший сержант"),
        .init(ukrainian: "сержант", russian: "сержант"),
        .init(ukrainian: "старший сержант", russian: "старший сержант"),
        .init(ukrainian: "лейтенант", russian: "лейтенант"),
        .init(ukrainian: "старший лейтенант", russian: "старший лейтенант"),
        .init(ukrainian: "капітан", russian: "капитан"),
        .init(ukrainian: "майор", russian: "майор"),
    ]

    static func person(_ nationality: Side, today: PartialDate, random: inout SeededGenerator) -> Person {
        let category: PersonCategory = random.chance(0.1) ? .civilian : .military
        let sex: Sex = category == .civilian && random.chance(0.3) ? .female : .male
        let names = sex == .male ? NameTables.maleGivenNames : NameTables.femaleGivenNames
        let surnames = nationality == .ukrainian ? NameTables.ukrainianSurnames : NameTables.russianSurnames
        let places = nationality == .ukrainian ? NameTables.ukrainianPlaces : NameTables.russianPlaces
        let year = 1966 + Int(random.next() % 40)
        let month = 1 + Int(random.next() % 12)
        let day = 1 + Int(random.next() % UInt64(PartialDate.daysIn(month: month, year: year)))
        let healthRoll = random.next() % 100
        let health: Health =
            switch healthRoll {
            case 0..<5: .seriouslyWounded
            case 5..<8: .seriouslySick
            case 8..<20: .wounded
            case 20..<25: .sick
            default: .well
            }
        let captureYear = 2022 + Int(random.next() % UInt64(today.year - 2022 + 1))
        let captureMonth =
            captureYear == today.year
            ? 1 + Int(random.next() % UInt64(max(1, (today.month ?? 1) - 1))) : 1 + Int(random.next() % 12)
        let serviceNumber: String? =
            category == .military
            ? (nationality == .ukrainian ? "ВК" : "АБ") + String(100_000 + random.next() % 900_000) : nil
        return Person(
            nationality: nationality, sex: sex, givenName: names[random.skewedIndex(names.count)],
            father: NameTables.maleGivenNames[random.skewedIndex(NameTables.maleGivenNames.count)],
            surname: surnames[random.skewedIndex(surnames.count)], place: places[random.skewedIndex(places.count)],
            dateOfBirth: PartialDate.generated(year, month, day), category: category, health: health,
            rankIndex: category == .military ? random.skewedIndex(ranks.count) : 0, serviceNumber: serviceNumber,
            capturedOn: PartialDate.generated(captureYear, captureMonth, 1 + Int(random.next() % 28)))
    }

    /// The person as one side writes them, with the slips real registries contain.
    static func row(_ person: Person, writtenBy side: Side, reference: String, random: inout SeededGenerator) -> RegistryRow {
        let ukrainian = side == .ukrainian
        // A side writing the other side's people keeps the spelling of their documents
        // about a third of the time.
        let documentSpelling = side != person.nationality && random.chance(0.3)
        let inUkrainian = documentSpelling ? person.nationality == .ukrainian : ukrainian
        let fatherPatronymic = inUkrainian ? person.father.ukrainianPatronymic : person.father.russianPatronymic
        let patronymic =
            person.sex == .male ? fatherPatronymic : NameTables.femalePatronymic(fatherPatronymic, ukrainian: inUkrainian)
        var dateOfBirth: PartialDate? = person.dateOfBirth
        switch random.next() % 100 {
        case 0..<8: dateOfBirth = PartialDate.generated(person.dateOfBirth.year, nil, nil)
        case 8..<11: dateOfBirth = PartialDate.generated(person.dateOfBirth.year, person.dateOfBirth.month, nil)
        case 11..<14: dateOfBirth = nil
        default: break
        }
        // Some lists come in Latin letters, as passports write names: Ukrainian ones by the national
        // system (SHEVCHENKO Oleksandr), Russian ones by ICAO.
        let latin: RomanizationSystem? =
            random.chance(ukrainian ? 0.1 : 0.05) ? (inUkrainian ? .ukrainianNational2010 : .icao) : nil
        func written(_ name: String) -> String {
            guard let latin, let romanized = try? Romanizer.romanize(name, system: latin) else { return name }
            return romanized
        }
        let surname = written(inUkrainian ? person.surname.ukrainian : person.surname.russian)
        let details = PersonDetails(
            surname: latin == nil ? surname : surname.uppercased(),
            givenName: written(inUkrainian ? person.givenName.ukrainian : person.givenName.russian),
            patronymic: random.chance(0.06) ? nil : written(patronymic),
            sex: person.sex,
            dateOfBirth: dateOfBirth,
            placeOfBirth: random.chance(0.15) ? nil : (ukrainian ? person.place.ukrainian : person.place.russian),
            rank: person.category == .military
                ? (ukrainian ? ranks[person.rankIndex].ukrainian : ranks[person.rankIndex].russian) : nil,
            serviceNumber: random.chance(0.2) ? nil : person.serviceNumber,
            dependsOn: person.nationality == .ukrainian ? "UA" : "RU",
            category: person.category,
            health: person.health,
            capturedOn: person.capturedOn)
        return RegistryRow(line: 0, reference: reference, person: details, isSynthetic: true)
    }
}

extension PartialDate {
    /// A date from values the generator drew within the calendar's bounds.
    static func generated(_ year: Int, _ month: Int?, _ day: Int?) -> PartialDate {
        guard let date = try? PartialDate(year: year, month: month, day: day) else {
            preconditionFailure("generated an impossible date \(year)-\(month ?? 0)-\(day ?? 0)")
        }
        return date
    }
}

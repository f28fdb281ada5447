import ParleyCore
import ParleyLinkage

/// A seeded pair of synthetic held and sought lists with a known truth, for tests and benchmarks.
///
/// Persons are made by combining common given names with synthetic surnames (stems and endings
/// combined at random), random birth dates and places: never a real person. Half of each list are
/// persons also on the other list. The two parties write them differently: the holding side mostly in
/// Russian forms, Cyrillic or romanised (ICAO, BGN, 1997 passport, GOST B); the seeking side mostly in
/// Ukrainian forms, Cyrillic or romanised by the 2010 national system. Records carry typos, initials,
/// missing patronymics, partial, swapped or wrong dates, Soviet-era place names, masked service
/// numbers, swapped surname and given name, given name and patronymic in one field, and Latin
/// look-alike letters. Relatives who are different people — twins, brothers, fathers and sons — and
/// namesakes are put on the lists independently of each other.
public struct SyntheticListPair: Sendable {
    /// The holding side's list.
    public var held: [LinkageRecord]
    /// The seeking side's list.
    public var sought: [LinkageRecord]
    /// Pairs (held id, sought id) that are one person.
    public var truth: [(held: String, sought: String)]
    /// How many relatives (twins, brothers, fathers and sons) the population holds.
    public var relatives: Int

    /// Makes lists of `size` records each from `seed`.
    public static func generate(size: Int, seed: UInt64) throws(DataTableError) -> SyntheticListPair {
        var generator = PopulationGenerator(seed: seed, tables: try SyntheticTables())
        return generator.listPair(size: size)
    }
}

/// The name, surname and place material a population is drawn from.
struct SyntheticTables {
    var maleNames: [ReferenceNames.GivenName]
    var femaleNames: [ReferenceNames.GivenName]
    var places: [[String]]

    static let surnameStems = [
        "Шевч", "Бондар", "Ткач", "Кравч", "Ковал", "Петр", "Іван", "Марч", "Лис", "Мороз", "Павл", "Сид",
        "Гонч", "Руд", "Мельн", "Олійн", "Гриц", "Кисел", "Січ", "Їжак", "Євтуш", "Дід", "Кліщ", "Лісов", "Гірн",
        "Сірк", "Пилип", "Юрч", "Ярем", "Зінч", "Бойч", "Тимош", "Гнат", "Костюч", "Литвин", "Мирошн", "Нестер",
        "Остап", "Панч", "Радч", "Савч", "Тарас", "Устим", "Федорч", "Харч", "Цимбал", "Чорн", "Шаповал",
        "Щерб", "Яковл", "Андрі", "Білик", "Василь", "Гаврил", "Дяч", "Ємел", "Жук", "Заїч", "Ігнат", "Карп",
        "Лук", "Максим", "Назар", "Оліфір", "Приход", "Роман", "Семен", "Трох", "Фом", "Хом", "Цап", "Чуб",
        "Швед", "Юхим", "Якуб", "Березн", "Вовч", "Горбат", "Давид", "Єрем", "Зуб", "Ковтун", "Левч", "Мазур",
        "Новак", "Осип", "Пасічн", "Рибал", "Стец", "Тесл", "Филон", "Халим", "Черн", "Шинкар", "Кушнір",
        "Гуцал", "Коцюб", "Слобод", "Вернигор", "Грин", "Долин", "Колісн", "Кузьм", "Лобод", "Мацк", "Нагорн",
        "Антон", "Бабич", "Білан", "Бут", "Вакул", "Вдов", "Гайов", "Гордій", "Гуменн", "Демч", "Дорош", "Дуд",
        "Жовтан", "Завгород", "Зайц", "Іщ", "Калин", "Карпен", "Клим", "Козач", "Кондрат", "Корн", "Кост",
        "Кучер", "Лемеш", "Линник", "Мазепч", "Марусь", "Матві", "Мисник", "Нечипор", "Овсі", "Онищ", "Опанас",
        "Павлюч", "Пономар", "Проц", "Рева", "Руденч", "Сав", "Сахн", "Семенч", "Сердюч", "Сидор", "Скрипн",
        "Собол", "Сорок", "Стасюч", "Таран", "Титар", "Товстух", "Удович", "Фесь", "Хоменч", "Цибул", "Чабан",
        "Чорновол", "Шамр", "Шелест", "Шульг", "Юрченч", "Явор", "Ярош", "Яцен",
    ]
    static let surnameEndings = ["енко", "ук", "ак", "ишин", "ський", "ич", "ій", "ун", "ар", "ченко", "ець"]

    init() throws(DataTableError) {
        let names = try ReferenceNames.givenNames()
        maleNames = names.filter(\.isMale)
        femaleNames = names.filter { !$0.isMale }
        places = try ReferenceNames.places()
    }
}

/// One synthetic person: indices into the tables.
struct SyntheticPerson {
    var surname: String
    var isMale: Bool
    var given: ReferenceNames.GivenName
    var father: ReferenceNames.GivenName
    var birth: PartialDate
    var place: [String]
    var serviceNumber: String?
}

/// How one party writes its records.
enum WritingStyle: CaseIterable {
    case ukrainianCyrillic, russianCyrillic, ukrainianLatin, russianLatin
}

struct PopulationGenerator {
    var random: SeededGenerator
    let tables: SyntheticTables
    var romanized: [String: String] = [:]
    var patronymicForms: [ReferenceNames.GivenName: ReferenceNames.Patronymics] = [:]
    var russianSurnames: [String: String] = [:]

    init(seed: UInt64, tables: SyntheticTables) {
        random = SeededGenerator(seed: seed)
        self.tables = tables
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    /// An index skewed towards the start, so that some surnames, names and places are common (the first
    /// of 200 is drawn about 3 % of the time, as the commonest names are in real registries).
    mutating func skewed(_ count: Int) -> Int {
        let u = Double.random(in: 0..<1, using: &random)
        return min(count - 1, Int(u * u.squareRoot() * Double(count)))
    }

    mutating func listPair(size: Int) -> SyntheticListPair {
        let shared = size / 2
        var population: [SyntheticPerson] = []
        var relatives = 0
        let total = shared + 2 * (size - shared)
        while population.count < total {
            if !population.isEmpty, chance(0.12) {
                let index = Int.random(in: 0..<population.count, using: &random)
                population.append(relative(of: population[index]))
                relatives += 1
            } else {
                population.append(newPerson())
            }
        }
        population.shuffle(using: &random)
        var held: [(person: Int, record: LinkageRecord)] = []
        var sought: [(person: Int, record: LinkageRecord)] = []
        for (index, person) in population.enumerated() {
            if index < shared || index >= shared + (size - shared) {
                held.append((index, record(person, id: "", holdingSide: true)))
            }
            if index < shared + (size - shared) {
                sought.append((index, record(person, id: "", holdingSide: false)))
            }
        }
        held.shuffle(using: &random)
        sought.shuffle(using: &random)
        var heldIDOfPerson: [Int: String] = [:]
        for position in held.indices {
            held[position].record.id = "H\(position + 1)"
            heldIDOfPerson[held[position].person] = held[position].record.id
        }
        var truth: [(held: String, sought: String)] = []
        for position in sought.indices {
            sought[position].record.id = "S\(position + 1)"
            if let heldID = heldIDOfPerson[sought[position].person] {
                truth.append((heldID, sought[position].record.id))
            }
        }
        return SyntheticListPair(
            held: held.map(\.record), sought: sought.map(\.record), truth: truth, relatives: relatives)
    }

    mutating func newPerson() -> SyntheticPerson {
        let stem = SyntheticTables.surnameStems[skewed(SyntheticTables.surnameStems.count)]
        let ending = SyntheticTables.surnameEndings[
            Int.random(
                in: 0..<SyntheticTables.surnameEndings.count, using: &random)]
        let isMale = chance(0.92)
        let names = isMale ? tables.maleNames : tables.femaleNames
        return SyntheticPerson(
            surname: stem + ending,
            isMale: isMale,
            given: names[skewed(names.count)],
            father: tables.maleNames[skewed(tables.maleNames.count)],
            birth: date(years: 1960...2005),
            place: tables.places[skewed(tables.places.count)],
            serviceNumber: chance(0.6) ? serviceNumber() : nil
        )
    }

    /// A twin, a brother or a son: same surname, another person.
    mutating func relative(of person: SyntheticPerson) -> SyntheticPerson {
        var relative = newPerson()
        relative.surname = person.surname
        relative.place = person.place
        let kind = Int.random(in: 0..<3, using: &random)
        switch kind {
        case 0, 1:
            relative.father = person.father
            relative.isMale = true
            repeat {
                relative.given = tables.maleNames[skewed(tables.maleNames.count)]
            } while relative.given == person.given
            relative.birth =
                kind == 0 ? person.birth : date(years: person.birth.year - 8...min(person.birth.year + 8, 2006))
        default:
            relative.isMale = true
            relative.father = person.isMale ? person.given : tables.maleNames[skewed(tables.maleNames.count)]
            relative.given =
                chance(0.3) && person.isMale ? person.given : tables.maleNames[skewed(tables.maleNames.count)]
            relative.birth = date(years: min(person.birth.year + 20, 2006)...min(person.birth.year + 32, 2006))
        }
        return relative
    }

    mutating func date(years: ClosedRange<Int>) -> PartialDate {
        let year = Int.random(in: years, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        return (try? PartialDate(year: year, month: month, day: day)) ?? PartialDate.fallback
    }

    mutating func serviceNumber() -> String {
        let letters = ["ВК", "АА", "КА", "МВ", "ОС"]
        let digits = (0..<6).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        return letters[Int.random(in: 0..<letters.count, using: &random)] + digits
    }
}

extension PartialDate {
    /// A date that always exists, for the generator's unreachable error path.
    static let fallback: PartialDate = {
        guard let date = try? PartialDate(year: 1990) else { preconditionFailure("1990 is a valid year") }
        return date
    }()
}

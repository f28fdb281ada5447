import Foundation
import LinkageSynthetic
import ParleyCore
import PropertyBased
import Synchronization
import Testing

@testable import ParleyLinkage

/// A date from text known to be valid.
func day(_ text: String) -> PartialDate? {
    try? PartialDate(parsing: text)
}

/// Background lists, so that the model has data to be estimated from.
let background: SyntheticListPair? = try? SyntheticListPair.generate(size: 1_000, seed: 11)

/// Links `held` and `sought` with the background lists around them.
func link(
    held: [LinkageRecord], sought: [LinkageRecord], configuration: LinkageConfiguration = LinkageConfiguration()
) async throws -> LinkageResult {
    let lists = try #require(background)
    return try await Linker(configuration: configuration).link(held: lists.held + held, sought: lists.sought + sought)
}

func pairs(_ result: LinkageResult) -> Set<String> {
    Set(result.pairs.map { "\($0.heldID)|\($0.soughtID)" })
}

@Suite("Linker")
struct LinkerTests {
    @Test("The issue's example: one man written in Russian on one side and Ukrainian on the other")
    func crossScriptExample() async throws {
        let held = [
            LinkageRecord(
                id: "h1", surname: "Шевченко", givenName: "Александр", patronymic: "Иванович",
                dateOfBirth: day("1994"), placeOfBirth: "Днепропетровск")
        ]
        let sought = [
            LinkageRecord(
                id: "s1", surname: "Шевченко", givenName: "Олександр", patronymic: "Іванович",
                dateOfBirth: day("12.03.1994"), placeOfBirth: "Дніпро"),
            LinkageRecord(id: "s2", surname: "SHEVCHENKO", givenName: "OLEKSANDR", dateOfBirth: day("1994-03-12")),
        ]
        let result = try await link(held: held, sought: sought)
        #expect(pairs(result).contains("h1|s1"))
        let pair = try #require(result.pairs.first { $0.heldID == "h1" && $0.soughtID == "s1" })
        #expect(pair.probability >= 0.9)
        let levels = Dictionary(uniqueKeysWithValues: pair.explanation.map { ($0.field, $0.level) })
        #expect(levels[.surname] == .exact)
        #expect(levels[.givenName] == .equivalent)
        #expect(levels[.patronymic] == .equivalent)
        #expect(levels[.dateOfBirth] == .partial)
        #expect(levels[.placeOfBirth] == .equivalent)
        #expect(levels[.serviceNumber] == .missing)
        #expect(pair.explanation.first { $0.field == .serviceNumber }?.weight == 0)
        let prior = log2(result.parameters.matchProportion / (1 - result.parameters.matchProportion))
        #expect(abs(prior + pair.explanation.reduce(0) { $0 + $1.weight } - pair.weight) < 1e-6)
    }

    @Test("Twins (same surname, patronymic, birth date and place; Олександр and Олексій) are not matched")
    func twins() async throws {
        let held = [
            LinkageRecord(
                id: "twin-1", surname: "Бондаренко", givenName: "Олександр", patronymic: "Петрович",
                dateOfBirth: day("1991-05-17"), placeOfBirth: "Харків")
        ]
        let sought = [
            LinkageRecord(
                id: "twin-2", surname: "Бондаренко", givenName: "Олексій", patronymic: "Петрович",
                dateOfBirth: day("1991-05-17"), placeOfBirth: "Харків")
        ]
        let result = try await link(held: held, sought: sought)
        #expect(!pairs(result).contains("twin-1|twin-2"))
    }

    @Test("Brothers, and a father and his son named after him, are not matched")
    func brothersAndFatherAndSon() async throws {
        let held = [
            LinkageRecord(
                id: "brother-1", surname: "Ткачук", givenName: "Іван", patronymic: "Миколайович",
                dateOfBirth: day("1985-02-10"), placeOfBirth: "Суми"),
            LinkageRecord(
                id: "father", surname: "Мельничук", givenName: "Петро", patronymic: "Іванович",
                dateOfBirth: day("1962-08-01"), placeOfBirth: "Полтава"),
        ]
        let sought = [
            LinkageRecord(
                id: "brother-2", surname: "Ткачук", givenName: "Василь", patronymic: "Миколайович",
                dateOfBirth: day("1988-11-23"), placeOfBirth: "Суми"),
            LinkageRecord(
                id: "son", surname: "Мельничук", givenName: "Петро", patronymic: "Петрович",
                dateOfBirth: day("1987-04-30"), placeOfBirth: "Полтава"),
        ]
        let result = try await link(held: held, sought: sought)
        #expect(!pairs(result).contains("brother-1|brother-2"))
        #expect(!pairs(result).contains("father|son"))
    }

    @Test("Blocking still compares a pair with a wrong birth date, or with surname and given name swapped")
    func blockingSurvivesErrors() async throws {
        let held = [
            LinkageRecord(
                id: "wrong-date", surname: "Кравчишин", givenName: "Тарас", patronymic: "Богданович",
                dateOfBirth: day("1979-01-01"), placeOfBirth: "Львів"),
            LinkageRecord(
                id: "swapped", surname: "Назар", givenName: "Гуцалюк", patronymic: "Романович",
                dateOfBirth: day("1990-07-07")),
        ]
        let sought = [
            LinkageRecord(
                id: "wrong-date", surname: "Кравчишин", givenName: "Тарас", patronymic: "Богданович",
                dateOfBirth: day("1997-10-01"), placeOfBirth: "Lviv", serviceNumber: "ВК 556677"),
            LinkageRecord(
                id: "swapped", surname: "Гуцалюк", givenName: "Назар", patronymic: "Романович",
                dateOfBirth: day("1990-07-07")),
        ]
        let result = try await link(
            held: held, sought: sought, configuration: LinkageConfiguration(threshold: 0.000_001))
        #expect(pairs(result).contains("wrong-date|wrong-date"))
        let swapped = try #require(result.pairs.first { $0.heldID == "swapped" && $0.soughtID == "swapped" })
        #expect(swapped.namesSwapped)
        #expect(swapped.probability > 0.9)
        #expect(result.blocking.comparedPairs < result.blocking.possiblePairs / 100)
    }

    @Test("Surname + year meets a date known only to the year, and a day and month swapped; given name + date a year off")
    func blockingByMonthAndNeighbouringYear() async throws {
        // Given pairs that only the surname + year-and-month key, or the given name + date a year off, bring together
        let held = [
            LinkageRecord(id: "year-only", surname: "Остапчук", givenName: "Ярема", dateOfBirth: day("1983")),
            LinkageRecord(id: "day-month", surname: "Дзюбенко", givenName: "Ярема", dateOfBirth: day("1983-04-09")),
            LinkageRecord(id: "year-off", surname: "Пилипенко", givenName: "Ярема", dateOfBirth: day("1983-04-09")),
        ]
        let sought = [
            LinkageRecord(id: "year-only", surname: "Остапчук", givenName: "Богдан", dateOfBirth: day("1983-05-06")),
            LinkageRecord(id: "day-month", surname: "Дзюбенко", givenName: "Богдан", dateOfBirth: day("1983-09-04")),
            LinkageRecord(id: "year-off", surname: "Филипчук", givenName: "Ярема", dateOfBirth: day("1984-04-09")),
        ]
        // When they are linked with no veto and the lowest threshold
        let result = try await link(
            held: held, sought: sought, configuration: LinkageConfiguration(threshold: 1e-12, vetoFields: []))
        // Then each pair was compared
        let found = pairs(result)
        for id in ["year-only", "day-month", "year-off"] { #expect(found.contains("\(id)|\(id)"), "\(id)") }
    }

    @Test("A record without a surname is matched, and a misspelt surname without a date is still compared")
    func noSurnameAndMisspeltSurname() async throws {
        // Given a held record whose surname is unknown, and one whose surname is misspelt and whose date is unknown
        let held = [
            LinkageRecord(
                id: "no-surname", givenName: "Микола", patronymic: "Петрович", dateOfBirth: day("1991-02-03"),
                placeOfBirth: "Київ", serviceNumber: "ВК 123456"),
            LinkageRecord(id: "misspelt", surname: "Савчнк", givenName: "Іван", patronymic: "Богданович"),
        ]
        let sought = [
            LinkageRecord(
                id: "no-surname", surname: "Шевчук", givenName: "Николай", patronymic: "Петрович",
                dateOfBirth: day("1991-02-03"), placeOfBirth: "Kyiv", serviceNumber: "VK123456"),
            LinkageRecord(
                id: "misspelt", surname: "Савчук", givenName: "Іван", patronymic: "Богданович",
                placeOfBirth: "Свердловск"),
        ]
        // When they are linked with every compared pair kept
        let result = try await link(
            held: held, sought: sought, configuration: LinkageConfiguration(threshold: 0.000_001))
        // Then both pairs were compared, and the one without a surname is a match on its other fields
        #expect(pairs(result).contains("misspelt|misspelt"))
        let unknown = try #require(result.pairs.first { $0.heldID == "no-surname" && $0.soughtID == "no-surname" })
        #expect(unknown.probability > 0.9)
    }

    @Test("A common surname agreeing counts less than a rare one")
    func termFrequency() async throws {
        let lists = try #require(background)
        let common = Dictionary(grouping: lists.held.compactMap(\.surname), by: { $0 }).max {
            $0.value.count < $1.value.count
        }
        let commonSurname = try #require(common?.key)
        let held = [
            LinkageRecord(id: "c", surname: commonSurname, givenName: "Орест", dateOfBirth: day("1970-01-02")),
            LinkageRecord(id: "r", surname: "Вернигорбалюк", givenName: "Орест", dateOfBirth: day("1970-01-02")),
        ]
        let sought = [
            LinkageRecord(id: "c", surname: commonSurname, givenName: "Орест", dateOfBirth: day("1970-01-02")),
            LinkageRecord(id: "r", surname: "Вернигорбалюк", givenName: "Орест", dateOfBirth: day("1970-01-02")),
        ]
        let result = try await link(
            held: held, sought: sought, configuration: LinkageConfiguration(threshold: 0.000_001))
        let commonPair = try #require(result.pairs.first { $0.heldID == "c" && $0.soughtID == "c" })
        let rarePair = try #require(result.pairs.first { $0.heldID == "r" && $0.soughtID == "r" })
        let commonWeight = try #require(commonPair.explanation.first { $0.field == .surname })
        let rareWeight = try #require(rarePair.explanation.first { $0.field == .surname })
        #expect(commonWeight.weight < rareWeight.weight)
        #expect(commonWeight.termFrequencyAdjustment < 0)
    }

    @Test("Synthetic cross-script lists link with F1 at least 0.95, and one-to-one keeps each record once")
    func syntheticQuality() async throws {
        let lists = try #require(background)
        let result = try await Linker(configuration: LinkageConfiguration(oneToOne: true))
            .link(held: lists.held, sought: lists.sought)
        let truth = Set(lists.truth.map { "\($0.held)|\($0.sought)" })
        let found = pairs(result)
        let correct = Double(found.intersection(truth).count)
        let f1 = 2 * correct / Double(found.count + truth.count)
        #expect(f1 >= 0.95)
        #expect(Set(result.pairs.map(\.heldID)).count == result.pairs.count)
        #expect(Set(result.pairs.map(\.soughtID)).count == result.pairs.count)
        #expect(result.parameters.converged)
    }

    @Test("Duplicates within one list are found, each pair once")
    func deduplicate() async throws {
        let lists = try #require(background)
        let records =
            Array(lists.held.prefix(300)) + [
                LinkageRecord(
                    id: "d1", surname: "Коцюбинський", givenName: "Михайло", patronymic: "Михайлович",
                    dateOfBirth: day("1980-09-17"), placeOfBirth: "Вінниця"),
                LinkageRecord(
                    id: "d2", surname: "KOTSIUBYNSKYI", givenName: "Mykhailo", patronymic: "Mykhailovych",
                    dateOfBirth: day("17.09.1980"), placeOfBirth: "Винница"),
            ]
        let result = try await Linker().deduplicate(records)
        #expect(pairs(result).contains("d1|d2"))
        #expect(!pairs(result).contains("d2|d1"))
        #expect(Set(result.pairs.map { [$0.heldID, $0.soughtID].sorted() }).count == result.pairs.count)
    }

    @Test("One-to-one output holds each record at most once, whatever the lists (property)")
    func oneToOneProperty() async throws {
        await propertyCheck(count: 5, input: Gen.int(in: 100...400), Gen.int(in: 0...1_000)) { size, seed in
            guard let lists = try? SyntheticListPair.generate(size: size, seed: UInt64(seed)),
                let linker = try? Linker(configuration: LinkageConfiguration(threshold: 0.3, oneToOne: true))
            else {
                Issue.record("could not make lists")
                return
            }
            let result = await linker.link(held: lists.held, sought: lists.sought)
            #expect(Set(result.pairs.map(\.heldID)).count == result.pairs.count)
            #expect(Set(result.pairs.map(\.soughtID)).count == result.pairs.count)
        }
    }
}

/// Stages a run reported, in order.
final class StageRecorder: Sendable {
    private let stages = Mutex<[LinkageProgress.Stage]>([])

    func add(_ stage: LinkageProgress.Stage) {
        stages.withLock { $0.append(stage) }
    }

    var all: [LinkageProgress.Stage] { stages.withLock { $0 } }
}

import ParleyCore
import Testing

/// Lists under the terms: every check with a case that trips it and one that passes.
@Suite("Exchange lists are checked against the terms and the law")
struct ListCheckTests {
    static let agreedOn = day("2026-02-05")
    static let list = ExchangeList(id: 1, agreement: 1, releasing: "RU", receiving: "UA")

    static func day(_ text: String) -> PartialDate {
        do { return try PartialDate(parsing: text) } catch { preconditionFailure("\(text) is a date") }
    }

    static func agreement(
        _ quantity: Quantity?, subject: ExchangeSubject = .prisonersOfWar, categories: [EligibilityCategory] = [],
        unequal: UnequalCounts? = nil
    ) throws -> Agreement {
        try Agreement(
            round: 1, subject: subject, quantity: quantity, unequalCounts: unequal, categories: categories,
            wording: "test")
    }

    /// A held record of RU with synthetic details.
    static func record(
        _ id: Int64, status: HeldStatus = .registered, category: PersonCategory = .military, health: Health? = nil,
        born: String? = "1990-05-01", captured: String? = "2023-01-10", party: Party.Code = "RU"
    ) -> RegistryRecord {
        RegistryRecord(
            id: RegistryRecord.ID(id), party: party, reference: "H-\(id)",
            person: PersonDetails(
                surname: "Коваленко", givenName: "Тарас", dateOfBirth: born.map(day), category: category, health: health,
                capturedOn: captured.map(day)),
            status: .held(status), isSynthetic: true)
    }

    static func check(
        _ agreement: Agreement, _ entries: [RegistryRecord], other: [RegistryRecord] = [],
        samePerson: [ListUnderCheck.SamePerson] = [], unmatched: Set<RegistryRecord.ID>? = nil
    ) -> [ListFinding] {
        ListChecks.check(
            ListUnderCheck(
                agreement: agreement, agreedOn: agreedOn, list: list, entries: entries, otherEntries: other,
                samePerson: samePerson, unmatched: unmatched))
    }

    static func rules(_ findings: [ListFinding]) -> [String] {
        findings.map { "\($0.severity.rawValue):\($0.rule.rawValue)" }
    }

    // MARK: - Parity

    @Test("parity under each basis: per side, total, unspecified (blocked), unequal with justification, all for all")
    func parity() throws {
        let two = [Self.record(1), Self.record(2)]
        #expect(Self.check(try Self.agreement(Quantity(count: 2, basis: .perSide)), two).isEmpty)
        #expect(Self.rules(Self.check(try Self.agreement(Quantity(count: 3, basis: .perSide)), two)) == ["error:parity"])
        #expect(Self.check(try Self.agreement(Quantity(count: 4, basis: .total)), two).isEmpty)
        let total = Self.check(try Self.agreement(Quantity(count: 314, basis: .total)), two)
        #expect(total.first?.reason == "the list has 2; the terms (314 in all = 157 per side) call for 157 released by RU")

        let unspecified = Self.check(try Self.agreement(Quantity(count: 4, basis: .unspecified)), two)
        #expect(Self.rules(unspecified) == ["error:parity"])
        #expect(unspecified.first?.reason.contains("4 in all = 2 per side, or 4 per side = 8 in all") == true)

        let odd = try Self.agreement(Quantity(count: 5, basis: .total))
        #expect(
            odd.quota(for: "RU") == .blocked("5 in all does not split evenly between two sides; record the unequal counts agreed")
        )

        let unequal = UnequalCounts(
            shares: [.init(party: "UA", count: 3), .init(party: "RU", count: 2)], justification: "three for the wounded")
        let split = try Self.agreement(Quantity(count: 5, basis: .total), unequal: unequal)
        #expect(split.quota(for: "RU") == .count(2))
        #expect(split.quota(for: "UA") == .count(3))
        #expect(Self.check(split, two).isEmpty)
        #expect(Self.rules(Self.check(split, [Self.record(1)])) == ["error:parity"])

        let allForAll = try Self.agreement(nil, categories: [.seriouslyWoundedOrSick])
        #expect(Self.check(allForAll, [Self.record(1, health: .seriouslyWounded)]).isEmpty)
    }

    @Test("unequal counts need a justification, a total basis and a sum equal to the quantity")
    func unequalCounts() throws {
        let shares: [UnequalCounts.Share] = [.init(party: "UA", count: 230), .init(party: "RU", count: 248)]
        #expect(throws: InvalidAgreement.unequalWithoutJustification) {
            try Self.agreement(Quantity(count: 478, basis: .total), unequal: UnequalCounts(shares: shares, justification: " "))
        }
        #expect(throws: InvalidAgreement.unequalNeedsTotal(.perSide)) {
            try Self.agreement(Quantity(count: 478, basis: .perSide), unequal: UnequalCounts(shares: shares, justification: "x"))
        }
        #expect(throws: InvalidAgreement.unequalSumDiffers(sum: 478, quantity: 480)) {
            try Self.agreement(Quantity(count: 480, basis: .total), unequal: UnequalCounts(shares: shares, justification: "x"))
        }
        let agreed = try Self.agreement(
            Quantity(count: 478, basis: .total), unequal: UnequalCounts(shares: shares, justification: "as agreed"))
        #expect(agreed.quota(for: "RU") == .count(248))
    }

    // MARK: - Entries

    @Test("already exchanged, released, deceased, escaped, transferred, refusing: each an error with its reason")
    func statuses() throws {
        let terms = try Self.agreement(Quantity(count: 1, basis: .perSide))
        #expect(Self.check(terms, [Self.record(1, status: .listed)]).isEmpty)
        let cases: [(HeldStatus, String)] = [
            (.repatriated, "error:already_released"), (.handedOver, "error:already_released"),
            (.released, "error:already_released"), (.deceased, "error:deceased"), (.escaped, "error:not_held"),
            (.transferred, "error:not_held"), (.refusedRepatriation, "error:refused"),
        ]
        for (status, rule) in cases {
            #expect(Self.rules(Self.check(terms, [Self.record(1, status: status)])) == [rule], "\(status)")
        }
        let refused = Self.check(terms, [Self.record(1, status: .refusedRepatriation)])
        #expect(refused.first?.reason.contains("Art. 109") == true)
        #expect(Self.rules(Self.check(terms, [Self.record(1, party: "UA")])) == ["error:not_held"])
    }

    @Test("a list of remains holds only the deceased")
    func remains() throws {
        let terms = try Self.agreement(Quantity(count: 1, basis: .perSide), subject: .remains)
        #expect(Self.check(terms, [Self.record(1, status: .deceased)]).isEmpty)
        #expect(Self.rules(Self.check(terms, [Self.record(1)])) == ["error:deceased"])
    }

    @Test("a civilian on a list of prisoners of war, and military on a list of civilians")
    func categories() throws {
        let soldiers = try Self.agreement(Quantity(count: 1, basis: .perSide))
        #expect(Self.rules(Self.check(soldiers, [Self.record(1, category: .civilian)])) == ["error:category"])
        let civilians = try Self.agreement(Quantity(count: 1, basis: .perSide), subject: .civilians)
        #expect(Self.rules(Self.check(civilians, [Self.record(1, category: .military)])) == ["error:category"])
        #expect(Self.check(civilians, [Self.record(1, category: .civilian)]).isEmpty)
    }

    @Test("eligibility by health and by age on the day of the agreement, with partial birth dates")
    func eligibility() throws {
        let young = try Self.agreement(
            Quantity(count: 1, basis: .perSide), categories: [.seriouslyWoundedOrSick, .aged(18...25)])
        // Born 2003-03-01: 22 on 2026-02-05, within 18-25
        #expect(Self.check(young, [Self.record(1, born: "2003-03-01")]).isEmpty)
        // Born 1990: 35 or 36, outside; not seriously wounded either
        let old = Self.check(young, [Self.record(1, born: "1990")])
        #expect(Self.rules(old) == ["error:eligibility"])
        // Born 1990 but seriously sick: eligible by health
        #expect(Self.check(young, [Self.record(1, health: .seriouslySick, born: "1990")]).isEmpty)
        // Born in 2000: 25 or 26 on 2026-02-05, so the day of birth decides: a warning, not an error
        let straddling = Self.check(young, [Self.record(1, born: "2000")])
        #expect(Self.rules(straddling) == ["warning:eligibility"])
        #expect(straddling.first?.reason.contains("aged 25 or 26 on 2026-02-05") == true)
        // Born February 2000: 25 or 26 on 2026-02-05 too; born March 2000: 25
        #expect(Self.rules(Self.check(young, [Self.record(1, born: "2000-02")])) == ["warning:eligibility"])
        #expect(Self.check(young, [Self.record(1, born: "2000-03")]).isEmpty)
        // No birth date: cannot tell
        #expect(Self.rules(Self.check(young, [Self.record(1, born: nil)])) == ["warning:eligibility"])
    }

    @Test("ages from partial dates of birth")
    func ages() {
        let on = Self.day("2026-02-05")
        #expect(Self.day("2000").ageRange(on: on) == 25...26)
        #expect(Self.day("2000-02").ageRange(on: on) == 25...26)
        #expect(Self.day("2000-02-05").ageRange(on: on) == 26...26)
        #expect(Self.day("2000-02-06").ageRange(on: on) == 25...25)
        #expect(Self.day("2027").ageRange(on: on) == nil)
    }

    @Test("possible duplicates within the list and across the two lists are errors; nobody seeking a person is a warning")
    func matchingFindings() throws {
        let terms = try Self.agreement(Quantity(count: 2, basis: .perSide))
        let within = Self.check(
            terms, [Self.record(1), Self.record(2)], samePerson: [.init(first: 1, second: 2, probability: 0.97)])
        #expect(Self.rules(within) == ["error:duplicate"])
        #expect(within.first?.reason == "may be the same person as entry 2 (H-2), 97% by matching")
        let across = Self.check(
            terms, [Self.record(1), Self.record(2)], other: [Self.record(9, party: "UA")],
            samePerson: [.init(first: 9, second: 2, probability: 0.95)])
        #expect(across.map(\.reason) == ["may be the same person as H-9 on the list released by UA, 95% by matching"])
        let unmatched = Self.check(terms, [Self.record(1), Self.record(2)], unmatched: [2])
        #expect(Self.rules(unmatched) == ["warning:unmatched"])
        #expect(unmatched.first?.reference == "H-2")
        #expect(Self.check(terms, [Self.record(1), Self.record(2)], unmatched: []).isEmpty)
    }

    // MARK: - Suggestion

    @Test("the suggestion puts the seriously wounded first, then the terms' categories, then those held longest")
    func suggestion() throws {
        let terms = try Self.agreement(
            Quantity(count: 3, basis: .perSide), categories: [.seriouslyWoundedOrSick, .aged(18...25), .heldLongest])
        let candidates = [
            Self.record(1, born: "2003-03-01", captured: "2024-06-01"),
            Self.record(2, health: .seriouslyWounded, born: "1980", captured: "2025-01-01"),
            Self.record(3, born: "2002-01-01", captured: "2022-03-01"),
            Self.record(4, born: "2004-01-01", captured: nil),
            Self.record(5, status: .deceased, born: "2003-01-01"),
            Self.record(6, category: .civilian, born: "2003-01-01"),
            Self.record(7, born: "1970-01-01"),
        ]
        let input = ListUnderCheck(agreement: terms, agreedOn: Self.agreedOn, list: Self.list, entries: [])
        let picks = ListSuggestion.suggest(for: input, candidates: candidates)
        #expect(picks.map(\.record.reference) == ["H-2", "H-3", "H-1"])
        #expect(picks[0].reasons.first == "seriously wounded (Art. 109, 110)")
        #expect(picks[1].reasons.contains("held since 2022-03-01 (47 months)"))
        // With one already listed, only the room left is filled
        let partly = ListUnderCheck(agreement: terms, agreedOn: Self.agreedOn, list: Self.list, entries: [Self.record(3)])
        #expect(ListSuggestion.suggest(for: partly, candidates: candidates).map(\.record.reference) == ["H-2", "H-1"])
        // While the basis is unspecified nothing is suggested
        let blocked = ListUnderCheck(
            agreement: try Self.agreement(Quantity(count: 3, basis: .unspecified)), agreedOn: Self.agreedOn, list: Self.list,
            entries: [])
        #expect(ListSuggestion.suggest(for: blocked, candidates: candidates).isEmpty)
    }

    // MARK: - Reconciliation

    @Test("reconciliation says why agreed, listed, signed and delivered differ")
    func reconciliation() {
        let side = SideFigures(
            releasing: "RU", receiving: "UA", quota: .count(157), listed: 155, latestVersion: 2, signedVersion: 2, signed: 155,
            missingSigners: [], outcomes: [.transferred: 150, .withheld: 2, .refused: 1, .substituted: 1])
        #expect(side.delivered == 151)
        #expect(side.pending == 1)
        #expect(
            side.differences == [
                "155 listed for the 157 agreed", "2 withheld", "1 refused repatriation",
                "1 replaced by another person, who was transferred instead", "1 without an outcome yet",
            ])
        let unsigned = SideFigures(
            releasing: "UA", receiving: "RU", quota: .count(157), listed: 157, latestVersion: 1, signedVersion: nil, signed: 0,
            missingSigners: [Principal(.mediator, for: "US")], outcomes: [:])
        #expect(unsigned.differences == ["not yet signed by mediator:US"])
    }

    @Test("a handover after the deadline of the terms is counted in days")
    func deadline() throws {
        let round = try Round(
            venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
            startsOn: Self.day("2026-02-04"), endsOn: Self.day("2026-02-05"))
        var terms = try Self.agreement(Quantity(count: 314, basis: .total))
        terms.deadline = Self.day("2026-02-20")
        func late(_ handover: String) -> Int? {
            Reconciliation(
                agreement: Saved(id: 1, terms), round: round, sides: [], outcomesOn: Self.day(handover), exchanges: []
            )
            .daysPastDeadline
        }
        #expect(late("2026-02-20") == nil)
        #expect(late("2026-02-23") == 3)
    }

    @Test("the statement before the handover says what was agreed, from figures alone")
    func statementBeforeHandover() throws {
        let round = try Round(
            venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
            startsOn: Self.day("2026-02-04"), endsOn: Self.day("2026-02-05"))
        let previous = try Exchange(
            date: Self.day("2025-10-02"), deliveries: [.init(from: "UA", to: "RU", category: .military, count: 185)])
        let reconciliation = Reconciliation(
            agreement: Saved(id: 1, try Self.agreement(Quantity(count: 314, basis: .unspecified))), round: round, sides: [],
            outcomesOn: nil, exchanges: [Saved(id: 1, previous)])
        let names: [Party.Code: String] = ["UA": "Ukraine", "RU": "Russia", "US": "the United States", "AE": "the UAE"]
        #expect(
            reconciliation.statement(names: names)
                == "At talks in Abu Dhabi, the UAE, on 4-5 February 2026, delegations from the United States, Ukraine and Russia agreed to exchange 314 prisoners of war. It is the first such exchange in 4 months and 3 days, since 2 October 2025."
        )
    }
}

import Testing

@testable import ParleyLinkage

@Suite("Name search keys")
struct NameSearchKeyTests {
    @Test("a search's last word is the start of a name, unless it is a whole given name the tables know")
    func searchPrefix() throws {
        let keys = try NameSearchKeys()
        // A known given name matches its forms in every script, not every name it begins
        let whole = try #require(keys.query("Oleksandr"))
        #expect(whole.prefix == nil)
        let russian = try #require(keys.query("Александр"))
        #expect(russian.prefix == nil)
        // Both name the same cluster of forms
        #expect(whole.words.last?.last == russian.words.last?.last)
        // A name still being typed matches whatever it begins: the keys listed, or the index's prefix query
        let typing = try #require(keys.query("Tkachenko Oleks"))
        let oleks = try #require(typing.prefix)
        #expect(typing.words.count == 1)
        #expect(try #require(keys.query("Oleks")).prefix == oleks)
        let surname = try #require(typing.words.first?.first)
        #expect(typing.expression(completions: nil) == #"("\#(surname)") AND ("\#(oleks)"*)"#)
        #expect(
            typing.expression(completions: ["\(oleks)andr", "\(oleks)ii"])
                == #"("\#(surname)") AND ("\#(oleks)andr" OR "\#(oleks)ii")"#)
        #expect(typing.expression(completions: []) == nil)
        let many = (0...NameQuery.prefixTermLimit).map { "\(oleks)\($0)" }
        #expect(typing.expression(completions: many) == #"("\#(surname)") AND ("\#(oleks)"*)"#)
        // A completion is only ever a term, whatever the table it comes from holds
        #expect(typing.expression(completions: [#"x" OR NEAR("#]) == #"("\#(surname)") AND ("x"" OR NEAR(")"#)
        #expect(keys.query("123") == nil)
    }

    @Test("the remembering writer writes each person's keys as they are worked out afresh, however little it remembers")
    func remembered() throws {
        // Given people whose names repeat, in both scripts, with names absent and names of no letters
        let keys = try NameSearchKeys()
        let people: [(String?, String?, String?)] = [
            ("Ткаченко", "Олександр", "Іванович"), ("Tkachenko", "Oleksandr", nil), ("Ткаченко", "Александр", "Иванович"),
            ("Бондар-Коваль", "Марія", nil), ("Бондар-Коваль", "Мария", "Ивановна"), ("123", nil, nil),
            ("Іван", "Іван", "Іванович"), ("Ткаченко", "Олександр", "Іванович"),
        ]
        for limit in [1, 2, 100] {
            var writer = NameKeyWriter(keys, remembering: limit)
            for (surname, givenName, patronymic) in people {
                // When the writer writes them
                var text: [UInt8] = []
                writer.append(surname: surname, givenName: givenName, patronymic: patronymic, to: &text)
                // Then each is what the keys are, joined by spaces
                let expected = keys.keys(surname: surname, givenName: givenName, patronymic: patronymic)
                #expect(String(decoding: text, as: UTF8.self) == expected.joined(separator: " "))
            }
        }
    }
}

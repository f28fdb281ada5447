import Testing

@testable import ParleyLinkage

@Suite("Equivalence tables")
struct EquivalenceTests {
    static let givenNamePairs: [(String, String)] = [
        ("Олександр", "Александр"), ("Микола", "Николай"), ("Панас", "Афанасий"), ("Хома", "Фома"),
        ("Олексій", "Алексей"), ("Юрій", "Юрий"), ("Василь", "Василий"), ("Ганна", "Анна"),
        ("Тетяна", "Татьяна"), ("Олена", "Елена"), ("Катерина", "Екатерина"), ("Наталія", "Наталья"),
        ("Oleksandr", "Александр"), ("Mykola", "Николай"), ("Yurii", "Юрий"), ("Volodymyr", "Vladimir"),
    ]
    static let patronymicPairs: [(String, String)] = [
        ("Сергійович", "Сергеевич"), ("Якович", "Яковлевич"), ("Ілліч", "Ильич"), ("Миколайович", "Николаевич"),
        ("Іванович", "Иванович"), ("Іванівна", "Ивановна"), ("Сергіївна", "Сергеевна"), ("Олексійович", "Алексеевич"),
        ("Дмитрович", "Дмитриевич"), ("Васильович", "Васильевич"), ("Петрович", "Петрович"),
        ("Oleksandrovych", "Александрович"), ("Serhiiovych", "Сергеевич"), ("Хомич", "Фомич"),
    ]

    @Test("Given names, Ukrainian and Russian, both ways", arguments: givenNamePairs)
    func givenNames(ukrainian: String, russian: String) throws {
        #expect(try [.exact, .equivalent].contains(level(.givenName, ukrainian, russian)))
        #expect(try [.exact, .equivalent].contains(level(.givenName, russian, ukrainian)))
    }

    @Test("Patronymics, both ways", arguments: patronymicPairs)
    func patronymics(ukrainian: String, russian: String) throws {
        #expect(try [.exact, .equivalent].contains(level(.patronymic, ukrainian, russian)))
        #expect(try [.exact, .equivalent].contains(level(.patronymic, russian, ukrainian)))
    }

    @Test("Different names stay different")
    func differentNames() throws {
        #expect(try level(.givenName, "Олександр", "Олексій") == .conflicting)
        #expect(try level(.givenName, "Олександр", "Олександра") == .conflicting)
        #expect(try level(.patronymic, "Іванович", "Петрович") == .conflicting)
        #expect(try level(.givenName, "Олександр", "Зорослав") == .different)
    }

    @Test("The tables hold at least 150 male and 60 female names")
    func tableSize() throws {
        let data = try LinkageData.shipped.get()
        let male = data.equivalence.givenNameIsMale.filter { $0 }.count
        #expect(male >= 150)
        #expect(data.equivalence.givenNameIsMale.count - male >= 60)
    }

    @Test(
        "Surname shifts",
        arguments: [
            ("Висоцький", "Высоцкий"), ("Олійник", "Олейник"), ("Кравець", "Кравец"), ("Ковальов", "Ковалев"),
            ("Шевченко", "SHEVCHENKO"), ("Гончаренко", "Goncharenko"), ("Згурський", "Zghurskyi"),
            ("Бєляєв", "Беляев"), ("Мірошниченко", "Мирошниченко"), ("Олійник", "Oleynik"), ("ОЛIЙНИК", "Олійник"),
        ])
    func surnameShifts(a: String, b: String) throws {
        #expect(try [.exact, .equivalent].contains(level(.surname, a, b)))
    }

    @Test(
        "Places: current and Soviet-era names, scripts",
        arguments: [
            ("Дніпро", "Днепропетровск"), ("Дніпро", "Dnipro"), ("Dnepropetrovsk", "Дніпро"),
            ("Кропивницький", "Кировоград"), ("Краматорськ", "Kramatorsk"), ("Київ", "Kiev"), ("Харків", "Kharkov"),
            ("Бахмут", "Артемовск"), ("Маріуполь", "Жданов"),
        ])
    func places(a: String, b: String) throws {
        #expect(try [.exact, .equivalent].contains(level(.placeOfBirth, a, b)))
    }

    @Test("Distinct places stay distinct")
    func distinctPlaces() throws {
        #expect(try level(.placeOfBirth, "Київ", "Харків") == .different)
    }
}

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

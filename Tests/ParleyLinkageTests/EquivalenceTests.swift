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

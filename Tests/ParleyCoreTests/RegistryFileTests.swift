import ParleyCore
import PropertyBased
import Testing

@Suite("Registry files are read as written, and every bad value is named")
struct RegistryFileTests {
    /// 5 February 2026, the day of the seed's announcement.
    static var today: PartialDate {
        get throws { try PartialDate(year: 2026, month: 2, day: 5) }
    }

    func read(_ text: String, encoding: TextEncoding? = nil) throws -> (rows: [RegistryRow], problems: [RowProblem]) {
        try read(Array(text.utf8), encoding: encoding)
    }

    func read(_ bytes: [UInt8], encoding: TextEncoding? = nil) throws -> (rows: [RegistryRow], problems: [RowProblem]) {
        var reader = try RegistryFileReader(bytes: bytes, file: "held.csv", encoding: encoding, today: try Self.today)
        var rows: [RegistryRow] = []
        var problems: [RowProblem] = []
        while let result = reader.next() {
            switch result {
            case .success(let row): rows.append(row)
            case .failure(let failure): problems += failure.problems
            }
        }
        return (rows, problems)
    }

    @Test("names are kept exactly as written, in any script and with any apostrophe")
    func verbatim() throws {
        let file =
            "id,surname,given_name,patronymic,date_of_birth\nH-1,Григор'єв,Олександр,Іванович,12.03.1994\nH-2,SHEVCHENKO,Oleksandr,,1994\n"
        let (rows, problems) = try read(file)
        #expect(problems.isEmpty)
        #expect(rows.map(\.person.surname) == ["Григор'єв", "SHEVCHENKO"])
        #expect(rows[0].person.dateOfBirth?.description == "1994-03-12")
        #expect(rows[1].person.patronymic == nil)
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test("a byte order mark, CRLF line ends, semicolons and quoted fields are read")
    func formats() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text =
            "id;surname;given_name;place_of_birth\r\nH-1;\"Коваль; молодший\";Іван;\"Ростов-на-Дону\"\r\nH-2;\"О\"\"Доннелл\";Пётр;\"Біла\nЦерква\"\r\n"
        let (rows, problems) = try read(bom + Array(text.utf8))
        #expect(problems.count == 1)  // a line break inside a name is refused, not kept
        #expect(problems.first?.line == 3)
        #expect(problems.first?.column == "place_of_birth")
        #expect(rows.map(\.person.surname) == ["Коваль; молодший"])
        #expect(rows.first?.person.placeOfBirth == "Ростов-на-Дону")
    }

    @Test("Windows-1251 is detected and decoded")
    func windows1251() throws {
        // "id,surname\nH-1,Шевченко Ґалаґан Їжак\n" in Windows-1251, as Python's cp1251 codec writes it.
        let bytes: [UInt8] =
            Array("id,surname\nH-1,".utf8)
            + [
                0xD8, 0xE5, 0xE2, 0xF7, 0xE5, 0xED, 0xEA, 0xEE, 0x20, 0xA5, 0xE0, 0xEB, 0xE0, 0xB4, 0xE0, 0xED, 0x20, 0xAF, 0xE6,
                0xE0, 0xEA, 0x0A,
            ]
        var reader = try RegistryFileReader(bytes: bytes, file: "cp.csv", encoding: nil, today: try Self.today)
        #expect(reader.encoding == .windows1251)
        #expect(try reader.next()?.get().person.surname == "Шевченко Ґалаґан Їжак")
        let given = try read(bytes, encoding: .windows1251)
        #expect(given.rows.first?.person.surname == "Шевченко Ґалаґан Їжак")
    }

    @Test("a file that claims UTF-8 but is not says where it breaks")
    func invalidUTF8() {
        let bytes = Array("id,surname\nH-1,".utf8) + [0xD8, 0xE5, 0x0A]
        let problem = #expect(throws: RowProblem.self) {
            _ = try RegistryFileReader(bytes: bytes, file: "bad.csv", encoding: .utf8, today: try Self.today)
        }
        #expect(problem?.line == 2)
        #expect(problem?.reason.contains("not valid UTF-8") == true)
    }

    @Test("every bad value of every row is reported as file:line: column: value: reason")
    func badRows() throws {
        let file = """
            id,surname,given_name,date_of_birth,sex,health,category,captured_on
            H-1,Бойко,Іван,1994-02-30,male,well,military,2024-05-01
            H-2,,Петро,1990,m,,military,
            H-1,Мороз,Олег,2030,x,bad,navy,1980
            H-4,Мельник,Іван,1994,f,wounded,civilian,1993
            H-5,Коваль,Іван,1899,f,wounded,civilian,

            """
        let (rows, problems) = try read(file)
        #expect(rows.isEmpty)
        #expect(
            problems.map(\.message) == [
                "held.csv:2: date_of_birth: 1994-02-30: day 30 does not exist in that month (it has 28 days)",
                "held.csv:3: surname: : required; it must not be empty",
                "held.csv:4: id: H-1: the same id is already on line 2",
                "held.csv:4: sex: x: write male or female (m, f, м, ч, ж)",
                "held.csv:4: category: navy: write military or civilian",
                "held.csv:4: health: bad: write well, wounded, sick, seriously_wounded or seriously_sick",
                "held.csv:4: date_of_birth: 2030: the date is after today (2026-02-05)",
                "held.csv:4: captured_on: 1980: the date of capture is before the date of birth (2030)",
                "held.csv:5: captured_on: 1993: the date of capture is before the date of birth (1994)",
                "held.csv:6: date_of_birth: 1899: the year is before 1900",
            ])
    }

    @Test(
        "a header with an unknown, doubled or missing column is refused at line 1",
        arguments: [
            ("id,surnme\n", "unknown column"), ("id,surname,Surname\n", "the column appears twice"),
            ("given_name,surname\n", "the required column 'id' is missing"),
        ])
    func badHeader(header: String, reason: String) {
        let problem = #expect(throws: RowProblem.self) {
            _ = try RegistryFileReader(bytes: Array(header.utf8), file: "h.csv", encoding: nil, today: try Self.today)
        }
        #expect(problem?.line == 1)
        #expect(problem?.reason.contains(reason) == true)
    }

    @Test("a row without a surname is read for matching, where an empty field is unknown, and refused for import")
    func surnameUnknownForMatching() throws {
        // Given a list whose second row has no surname
        let text =
            "id,surname,given_name,patronymic,date_of_birth,place_of_birth,service_number\n"
            + "H-1,Бойко,Іван,Петрович,1990,,\nH-2,,Микола,,1991-02-03,Київ,\n"
        // When it is read for matching
        var reader = try RegistryFileReader(
            bytes: Array(text.utf8), file: "held.csv", encoding: nil, today: try Self.today, purpose: .matching)
        var rows: [RegistryRow] = []
        while let result = reader.next() { rows.append(try result.get()) }
        // Then both rows are read, the second with an empty surname
        #expect(rows.map(\.reference) == ["H-1", "H-2"])
        #expect(rows[1].person.surname.isEmpty)
        #expect(rows[1].person.givenName == "Микола")
        // And for an import the same row is refused
        let (imported, problems) = try read(text)
        #expect(imported.map(\.reference) == ["H-1"])
        #expect(problems.map(\.message) == ["held.csv:3: surname: : required; it must not be empty"])
    }

    @Test("a row with the wrong number of fields, or a broken quote, is named by its line")
    func structure() throws {
        let (_, problems) = try read("id,surname\nH-1,Бойко,extra\nH-2,\"Мороз\n")
        #expect(problems.map(\.line) == [2, 3])
        #expect(problems[0].reason == "the row has 3 fields where the header has 2")
        #expect(problems[1].reason.contains("never closed"))
    }

    @Test("what the writer writes, the reader reads back unchanged")
    func roundTrip() async throws {
        let alphabet = Array("АБВГҐДЕЄЖЗИІЇЙКабвгґдеєжзиіїйк'ʼ’ ,\"-;ABCxyz")
        let names = Gen<Int>.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }.string(of: 1...12)
        await propertyCheck(input: names, names) { surname, given in
            let row = RegistryRow(
                line: 0, reference: "R-1",
                person: PersonDetails(surname: surname, givenName: given, category: .civilian), isSynthetic: true)
            let bytes = Array(RegistryFileWriter.file([row]).utf8)
            let read = try? self.read(bytes)
            let person = read?.rows.first?.person
            // Blank names read as absent; anything else comes back exactly.
            if String(surname).trimmingWhitespace().isEmpty {
                #expect(read?.rows.isEmpty == true)
            } else {
                #expect(person?.surname == surname)
                #expect(person?.givenName == (given.trimmingWhitespace().isEmpty ? nil : given))
                #expect(read?.rows.first?.isSynthetic == true)
            }
        }
    }
}

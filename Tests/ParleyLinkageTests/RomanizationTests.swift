import Testing

@testable import ParleyLinkage

/// The examples printed in the table of Cabinet of Ministers of Ukraine Resolution No. 55 of
/// 27 January 2010 ("On the regulation of the transliteration of the Ukrainian alphabet by the Latin
/// alphabet"). They are facts: the engine must give exactly these.
let resolution55Examples: [(String, String)] = [
    ("Алушта", "Alushta"), ("Андрій", "Andrii"), ("Борщагівка", "Borshchahivka"), ("Вінниця", "Vinnytsia"),
    ("Гадяч", "Hadiach"), ("Згурський", "Zghurskyi"), ("Ґалаґан", "Galagan"), ("Дон", "Don"),
    ("Рівне", "Rivne"), ("Єнакієве", "Yenakiieve"), ("Житомир", "Zhytomyr"), ("Закарпаття", "Zakarpattia"),
    ("Медвин", "Medvyn"), ("Іршава", "Irshava"), ("Їжакевич", "Yizhakevych"), ("Йосипівка", "Yosypivka"),
    ("Стрий", "Stryi"), ("Олексій", "Oleksii"), ("Київ", "Kyiv"), ("Лебедин", "Lebedyn"),
    ("Миколаїв", "Mykolaiv"), ("Ніжин", "Nizhyn"), ("Одеса", "Odesa"), ("Полтава", "Poltava"),
    ("Решетилівка", "Reshetylivka"), ("Суми", "Sumy"), ("Тернопіль", "Ternopil"), ("Ужгород", "Uzhhorod"),
    ("Фастів", "Fastiv"), ("Харків", "Kharkiv"), ("Біла Церква", "Bila Tserkva"), ("Чернівці", "Chernivtsi"),
    ("Шостка", "Shostka"), ("Гоща", "Hoshcha"), ("Юрій", "Yurii"), ("Крюківка", "Kriukivka"),
    ("Яготин", "Yahotyn"), ("Ічня", "Ichnia"), ("Знам'янка", "Znamianka"),
]

@Suite("Romanisation")
struct RomanizationTests {
    @Test("Resolution No. 55 (2010) examples", arguments: resolution55Examples)
    func ukrainianNational(cyrillic: String, latin: String) throws {
        #expect(try Romanizer.romanize(cyrillic, system: .ukrainianNational2010) == latin)
    }

    @Test("Every apostrophe form is dropped")
    func apostrophes() throws {
        for apostrophe in ["'", "ʼ", "’", "`", "ʻ"] {
            #expect(try Romanizer.romanize("Знам\(apostrophe)янка", system: .ukrainianNational2010) == "Znamianka")
        }
    }

    @Test(
        "Russian systems",
        arguments: [
            (RomanizationSystem.icao, "Аксёнов Юрий Щербаков", "Aksenov Iurii Shcherbakov"),
            (.bgnPcgn, "Евгений Андреев Юрий", "Yevgeniy Andreyev Yuriy"),
            (.gostB, "Цыганков Хрущев Царица Юрий", "Cygankov Xrushhev Czaricza Yurij"),
            (.russianPassport1997, "Юрий Щербаков", "Yuriy Shcherbakov"),
            (.sovietPassport, "Шевчук Юрий", "Chevtchouk Iourii"),
        ])
    func russian(system: RomanizationSystem, cyrillic: String, latin: String) throws {
        #expect(try Romanizer.romanize(cyrillic, system: system) == latin)
    }

    @Test("A system refuses letters of the other language")
    func wrongLanguage() throws {
        #expect(try Romanizer.romanize("Крилов Ы", system: .ukrainianNational2010) == nil)
        #expect(try Romanizer.romanize("Київ", system: .icao) == nil)
    }
}

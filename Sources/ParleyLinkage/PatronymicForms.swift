/// How patronymics are formed from a father's given name, in Ukrainian and in Russian.
///
/// The regular rules (Іван → Іванович, Іванівна; Иван → Иванович, Ивановна; Сергій → Сергійович,
/// Сергіївна; Сергей → Сергеевич; Дмитрий → Дмитриевич) are code; the irregular ones (Яків → Якович,
/// Яковлевич; Ілля → Ілліч, Ильич) are data in `patronymic-forms.tsv`. The rules over-generate a few
/// forms nobody writes; those never match anything and do no harm.
enum PatronymicForms {
    /// Regular patronymics of one written form of a given name, lowercase.
    static func derived(from name: String) -> [String] {
        let name = name.lowercased()
        guard let last = name.last else { return [] }
        let stem = String(name.dropLast())
        var forms: [String] = []
        switch last {
        case "й":
            forms += [name + "ович", stem + "ївна", stem + "евич", stem + "евна"]
            if name.hasSuffix("ий") {
                let root = String(name.dropLast(2))
                forms += [root + "иевич", root + "иевна", root + "ьевич", root + "ьевна"]
            }
        case "ь":
            forms += [name + "ович", stem + "івна", stem + "евич", stem + "евна"]
        case "о":
            forms += [stem + "ович", stem + "івна"]
        case "а", "я":
            forms += [stem + "ович", stem + "івна", stem + "ич", stem + "ична"]
        default:
            forms += [name + "ович", name + "івна", name + "овна"]
        }
        return forms
    }

    /// Endings of a patronymic's cross-script key (C stands for ч): -ович/-евич/-ovych, -івна/-овна/-evna, -ична.
    private static let keyEndings: [[UInt8]] = ["viC", "vna", "iCna"].map { Array($0.utf8) }

    /// Whether a cross-script key ends like a patronymic.
    static func looksLikePatronymic(key: [UInt8]) -> Bool {
        keyEndings.contains { ending in key.count > ending.count + 2 && key.suffix(ending.count).elementsEqual(ending) }
    }
}

import Tagged

/// A state, organisation or body taking part in talks: a belligerent, a mediator, a host
/// or an observer.
public struct Party: Hashable, Sendable, Codable {
    /// A short code such as `UA`, `RU`, `US`, `AE` or `ICRC`.
    public typealias Code = Tagged<Party, String>

    public var code: Code
    public var name: String
    public var roles: Set<PartyRole>

    public init(code: Code, name: String, roles: Set<PartyRole>) {
        self.code = code
        self.name = name
        self.roles = roles
    }

    /// Checks a party code: 2 to 12 capital Latin letters or digits, such as `UA` or `ICRC`.
    public static func validCode(_ text: String) throws(InvalidPartyCode) -> Code {
        let scalars = text.unicodeScalars
        guard (2...12).contains(scalars.count),
            scalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { throw InvalidPartyCode(text: text) }
        return Code(text)
    }
}

/// The part a party plays in talks.
public enum PartyRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// A party to the conflict, which holds and seeks persons.
    case belligerent
    /// A third party that brokers the talks and co-signs lists.
    case mediator
    /// The state where talks take place.
    case host
    /// A neutral humanitarian body that receives both registries (Third Geneva Convention, Art. 123).
    case observer
}

/// A party code that is not 2 to 12 capital Latin letters or digits.
public struct InvalidPartyCode: ParleyError {
    public let text: String
    public var code: String { "party.code.invalid" }
    public var message: String { "'\(text)' is not a party code" }
    public var remedy: String { "Use 2 to 12 capital Latin letters or digits, such as UA, RU, US or ICRC" }
}

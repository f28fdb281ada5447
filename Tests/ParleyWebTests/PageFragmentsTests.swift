import ParleyCore
import Testing

@testable import ParleyWeb

@Suite("Rendered parts of pages are kept per principal and version")
struct PageFragmentsTests {
    static func key(_ principal: Principal, _ page: Int = 1) -> PageFragments.Key {
        PageFragments.Key(view: "registry-results", principal: principal, arguments: ["Oleksandr", String(page)])
    }

    @Test("a part is rendered once per principal and version, and never handed out at another version")
    func keptAndRenewed() throws {
        let fragments = PageFragments()
        var renders = 0
        func part(_ key: PageFragments.Key, _ version: Int64) throws -> String {
            try fragments.fragment(key, version: version) {
                renders += 1
                return PageFragments.Fragment(title: "Registry", html: "\(key.principal) at \(version), render \(renders)")
            }.html
        }
        let ukraine = Principal(.official, for: "UA")
        let russia = Principal(.official, for: "RU")
        #expect(try part(Self.key(ukraine), 7) == "official:UA at 7, render 1")
        #expect(try part(Self.key(ukraine), 7) == "official:UA at 7, render 1")
        #expect(try part(Self.key(russia), 7) == "official:RU at 7, render 2")
        #expect(try part(Self.key(ukraine), 8) == "official:UA at 8, render 3")
        #expect(try part(Self.key(ukraine, 2), 8) == "official:UA at 8, render 4")
        #expect(renders == 4)
    }

    @Test("a part that fails to render is not kept")
    func failures() throws {
        struct Refused: Error {}
        let fragments = PageFragments()
        let key = Self.key(Principal(.official, for: "UA"))
        #expect(throws: Refused.self) { try fragments.fragment(key, version: 1) { throw Refused() } }
        let rendered = try fragments.fragment(key, version: 1) { PageFragments.Fragment(title: "t", html: "rendered") }
        #expect(rendered.html == "rendered")
    }

    @Test("a full cache drops older versions first, then the least recently used, and keeps what was just used")
    func eviction() throws {
        let fragments = PageFragments(capacity: 8)
        let principal = Principal(.observer, for: "ICRC")
        var renders = 0
        func part(_ page: Int, _ version: Int64) throws {
            _ = try fragments.fragment(Self.key(principal, page), version: version) {
                renders += 1
                return PageFragments.Fragment(title: "t", html: "\(page)")
            }
        }
        for page in 1...8 { try part(page, 1) }
        try part(1, 1)  // page 1 is used again, so it is the most recent
        for page in 9...12 { try part(page, 1) }  // past capacity: the least recently used go
        renders = 0
        try part(1, 1)
        try part(12, 1)
        #expect(renders == 0)
        try part(2, 1)
        #expect(renders == 1)
    }
}

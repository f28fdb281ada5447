import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyCore
import ParleyDemo
import ParleyLedger
import ParleyStore
import ParleyWeb
import Synchronization
import Testing

/// A web app over an in-memory database with two parties' records, one account per role and a clock the test moves.
final class WebFixture: Sendable {
    static let password = "correct horse battery staple"
    /// bcrypt at its least cost, so that tests add accounts fast; the rule on length is the same.
    static let passwords = Passwords(cost: 4)

    let database: AppDatabase
    let now = Locked(Date(timeIntervalSince1970: 1_770_282_000))
    /// The counts of failures each sign-in's wait on its address's lane was asked for.
    let delays = Locked<[Int]>([])
    /// The same, for the waits on an account's lane.
    let accountDelays = Locked<[Int]>([])
    let configuration: WebConfiguration
    /// A UA held record and a RU held record.
    let ukrainianRecord: RegistryRecord.ID
    let russianRecord: RegistryRecord.ID

    /// - Parameters:
    ///   - loginDelay: The wait on an address's lane after so many failures; none unless given.
    ///   - accountLoginDelay: The wait on an account's lane; none unless given.
    ///   - trustsForwardedFor: Take the sign-in's address from `X-Forwarded-For`, so that tests can vary it.
    ///   - file: A database file to use instead of memory, waiting for other writers as `wait` says.
    init(
        secureCookies: Bool = false, loginDelay: @escaping @Sendable (Int) -> Duration = { _ in .zero },
        accountLoginDelay: @escaping @Sendable (Int) -> Duration = { _ in .zero }, trustsForwardedFor: Bool = false,
        file: String? = nil, wait: BusyWait = .standard
    ) throws {
        let now = self.now
        let clock = Clock { now.withLock { $0 } }
        if let file {
            database = try AppDatabase.open(path: file, wait: wait, clock: clock, passwords: Self.passwords)
        } else {
            database = try AppDatabase.inMemory(clock: clock, passwords: Self.passwords)
        }
        let (delays, accountDelays) = (self.delays, self.accountDelays)
        configuration = WebConfiguration(
            sessions: SessionPolicy(idleTimeout: 1_800, absoluteTimeout: 43_200), secureCookies: secureCookies,
            loginDelay: { failures in
                delays.withLock { $0.append(failures) }
                return loginDelay(failures)
            },
            accountLoginDelay: { failures in
                accountDelays.withLock { $0.append(failures) }
                return accountLoginDelay(failures)
            },
            trustsForwardedFor: trustsForwardedFor)
        for party in [
            Party(code: "UA", name: "Ukraine", roles: [.belligerent]),
            Party(code: "RU", name: "Russian Federation", roles: [.belligerent]),
            Party(code: "US", name: "United States", roles: [.mediator]), Party(code: "ICRC", name: "ICRC", roles: [.observer]),
        ] {
            _ = try database.registerParty(party, as: .admin)
        }
        for (party, text) in [
            ("UA", "id,surname,given_name,date_of_birth,synthetic\nUA-H-1,Ковальов,Павло,1990,yes\n"),
            ("RU", "id,surname,given_name,date_of_birth,synthetic\nRU-H-1,Шевчук,Тарас,1991,yes\n"),
        ] {
            _ = try database.importRegistry(
                file: "\(party).csv", bytes: Array(text.utf8), party: Party.Code(rawValue: party), kind: .held,
                as: Principal(.official, for: Party.Code(rawValue: party)))
        }
        _ = try database.importRegistry(
            file: "ua-sought.csv", bytes: Array("id,surname,synthetic\nUA-S-7,Мельник,yes\n".utf8), party: "UA", kind: .sought,
            as: Principal(.official, for: "UA"))
        let records = try database.records(RecordQuery(kind: .held), as: Principal(.observer, for: "ICRC")).records
        ukrainianRecord = try #require(records.first { $0.party == "UA" }?.id)
        russianRecord = try #require(records.first { $0.party == "RU" }?.id)
        for (username, principal) in WebFixture.accounts {
            _ = try database.addUser(username, password: Self.password, principal: principal, as: .admin)
        }
    }

    static let accounts: [(String, Principal)] = [
        ("official-ua", Principal(.official, for: "UA")), ("official-ru", Principal(.official, for: "RU")),
        ("mediator", Principal(.mediator, for: "US")), ("observer", Principal(.observer, for: "ICRC")),
        ("liaison-ua", Principal(.liaison, for: "UA")), ("admin", .admin),
    ]

    func advance(seconds: TimeInterval) {
        now.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    func application() async throws -> some ApplicationProtocol {
        Application(router: WebApp.router(database: database, views: try await Views.shipped(), configuration: configuration))
    }
}

/// A value shared between the test and the app's clock or delay function.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

/// A signed-in client's cookie and anti-forgery token.
struct Signed {
    let cookie: String
    let csrf: String

    var headers: HTTPFields { [.cookie: "parley_session=\(cookie)"] }
    var formHeaders: HTTPFields {
        [.cookie: "parley_session=\(cookie)", .contentType: "application/x-www-form-urlencoded"]
    }
}

extension TestClientProtocol {
    /// Signs in through the API and returns the session's cookie and token.
    func signIn(_ username: String, password: String = WebFixture.password) async throws -> Signed {
        try await execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: "{\"username\":\"\(username)\",\"password\":\"\(password)\"}")
        ) { response in
            #expect(response.status == .created, "\(username) signs in")
            let cookie = try #require(response.headers[.setCookie])
            let token = try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return Signed(cookie: String(token), csrf: try #require(body?["csrfToken"] as? String))
        }
    }
}

@Suite("The web app: sessions, forgery, headers, and each role's world")
struct WebTests {
    @Test("sign-in sets an HttpOnly, SameSite=Strict cookie, Secure over TLS; a new session id every time")
    func cookies() async throws {
        for secure in [false, true] {
            let fixture = try WebFixture(secureCookies: secure)
            try await fixture.application().test(.router) { client in
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "username=official-ua&password=correct+horse+battery+staple"))
                #expect(response.status == .seeOther)
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                #expect(cookie.contains("Secure") == secure)
                let first = try await client.signIn("official-ua")
                let second = try await client.signIn("official-ua")
                #expect(first.cookie != second.cookie)
            }
        }
    }

    @Test("a session known before sign-in ends at sign-in; sign-out ends it; GET changes nothing")
    func sessionLifecycle() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let before = try await client.signIn("official-ua")
            // Signing in again while holding the old cookie: the old session ends
            let after = try await client.execute(
                uri: "/api/v1/session", method: .post,
                headers: [.contentType: "application/json", .cookie: "parley_session=\(before.cookie)"],
                body: ByteBuffer(string: "{\"username\":\"official-ua\",\"password\":\"\(WebFixture.password)\"}")
            ) { $0.status }
            #expect(after == .created)
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: before.headers) { $0.status }
                    == .unauthorized)

            let signed = try await client.signIn("official-ua")
            #expect(try await client.execute(uri: "/logout", method: .get, headers: signed.headers) { $0.status } != .seeOther)
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: signed.headers) { $0.status } == .ok)
            let out = try await client.execute(
                uri: "/logout", method: .post, headers: signed.formHeaders, body: ByteBuffer(string: "_csrf=\(signed.csrf)"))
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(
                try await client.execute(uri: "/", method: .get, headers: signed.headers) { $0.headers[.location] } == "/login")
        }
    }

    @Test("idle and absolute timeouts end a session; disabling a user ends its sessions")
    func timeouts() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let idle = try await client.signIn("observer")
            fixture.advance(seconds: 1_801)
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: idle.headers) { $0.status }
                    == .unauthorized)

            let busy = try await client.signIn("observer")
            for _ in 0..<30 {
                fixture.advance(seconds: 1_500)
                _ = try await client.execute(uri: "/api/v1/session", method: .get, headers: busy.headers)
            }
            // 45,000 s after sign-in, used every 25 minutes: past the 12-hour absolute limit
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: busy.headers) { $0.status }
                    == .unauthorized)

            let disabled = try await client.signIn("official-ru")
            _ = try fixture.database.disableUser("official-ru", as: .admin, signedIn: nil)
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: disabled.headers) { $0.status }
                    == .unauthorized)
            let again = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"username\":\"official-ru\",\"password\":\"\(WebFixture.password)\"}"))
            #expect(again.status == .unauthorized)
        }
    }

    @Test("failed sign-ins are journaled and each one slows the next answer, for a name with no account as well")
    func failedSignIns() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            for _ in 0..<4 {
                let refused = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "username=mediator&password=wrong"))
                #expect(refused.status == .unauthorized)
                #expect(String(buffer: refused.body).contains("The username or password is wrong."))
            }
            #expect(fixture.delays.withLock { $0 } == [1, 2, 3])
            #expect(try fixture.database.users(as: .admin).first { $0.username == "mediator" }?.failedLogins == 4)
            #expect(WebConfiguration.defaultLoginDelay(3) == .zero)
            #expect(WebConfiguration.defaultLoginDelay(4) == .seconds(1))
            #expect(WebConfiguration.defaultLoginDelay(6) == .seconds(4))
            #expect(WebConfiguration.defaultLoginDelay(40) == .seconds(30))
            _ = try await client.signIn("mediator")
            #expect(try fixture.database.users(as: .admin).first { $0.username == "mediator" }?.failedLogins == 0)
            // A name with no account is slowed the same way, and gets the same answer; the address's failures
            // are not cleared by a sign-in that succeeded
            fixture.delays.withLock { $0.removeAll() }
            for _ in 0..<4 {
                let refused = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "username=nobody&password=wrong"))
                #expect(refused.status == .unauthorized)
                #expect(String(buffer: refused.body).contains("The username or password is wrong."))
            }
            #expect(fixture.delays.withLock { $0 } == [4, 5, 6, 7])
            #expect(try fixture.database.verifyJournal(as: .admin).isIntact)
        }
    }

    @Test("state changes need this site's Origin and the session's anti-forgery token")
    func forgery() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn("official-ua")
            let noToken = try await client.execute(
                uri: "/logout", method: .post, headers: signed.formHeaders, body: ByteBuffer(string: ""))
            #expect(noToken.status == .forbidden)
            let wrongToken = try await client.execute(
                uri: "/logout", method: .post, headers: signed.formHeaders, body: ByteBuffer(string: "_csrf=0000"))
            #expect(wrongToken.status == .forbidden)
            var foreign = signed.formHeaders
            foreign[.origin] = "http://evil.example"
            let crossOrigin = try await client.execute(
                uri: "/logout", method: .post, headers: foreign, body: ByteBuffer(string: "_csrf=\(signed.csrf)"))
            #expect(crossOrigin.status == .forbidden)
            var crossSite = signed.formHeaders
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            let fetched = try await client.execute(
                uri: "/logout", method: .post, headers: crossSite, body: ByteBuffer(string: "_csrf=\(signed.csrf)"))
            #expect(fetched.status == .forbidden)
            // A browser under Referrer-Policy no-referrer sends Origin: null; Sec-Fetch-Site decides
            var opaque = signed.formHeaders
            opaque[.origin] = "null"
            let unvouched = try await client.execute(
                uri: "/logout", method: .post, headers: opaque, body: ByteBuffer(string: "_csrf=\(signed.csrf)"))
            #expect(unvouched.status == .forbidden)
            opaque[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let sameSite = try await client.execute(
                uri: "/logout", method: .post, headers: opaque, body: ByteBuffer(string: "_csrf=\(signed.csrf)"))
            #expect(sameSite.status == .seeOther)

            let again = try await client.signIn("official-ua")
            var api = again.headers
            api[HTTPField.Name("X-CSRF-Token")!] = again.csrf
            #expect(try await client.execute(uri: "/api/v1/session", method: .delete, headers: api) { $0.status } == .noContent)
        }
    }

    @Test("every answer carries the security headers; pages with personal data are not cached")
    func headers() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn("official-ua")
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            for uri in ["/", "/registry", "/records/\(fixture.ukrainianRecord.rawValue)", "/api/v1/records"] {
                let response = try await client.execute(uri: uri, method: .get, headers: signed.headers)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
            }
        }
    }

    @Test("another party's record answers 404, as an unknown one does; errors are RFC 9457 problems")
    func otherPartysRecord() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let ukraine = try await client.signIn("official-ua")
            let own = try await client.execute(
                uri: "/records/\(fixture.ukrainianRecord.rawValue)", method: .get, headers: ukraine.headers)
            #expect(own.status == .ok)
            #expect(String(buffer: own.body).contains("Ковальов"))
            let other = try await client.execute(
                uri: "/records/\(fixture.russianRecord.rawValue)", method: .get, headers: ukraine.headers)
            let unknown = try await client.execute(uri: "/records/999999", method: .get, headers: ukraine.headers)
            #expect(other.status == .notFound)
            #expect(unknown.status == .notFound)
            #expect(!String(buffer: other.body).contains("Шевчук"))
            let api = try await client.execute(
                uri: "/api/v1/records/\(fixture.russianRecord.rawValue)", method: .get, headers: ukraine.headers)
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType] == "application/problem+json")
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any]
            #expect(problem?["status"] as? Int == 404)
            #expect(problem?["code"] as? String == "record.unknown")
            #expect(problem?["type"] as? String == "urn:parley:problem:record.unknown")
            let anonymous = try await client.execute(uri: "/api/v1/records", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("a page read again shows every change made since, and one person's page is never shown to another")
    func renderedPartsFollowChanges() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let ukraine = try await client.signIn("official-ua")
            let russia = try await client.signIn("official-ru")
            func page(_ uri: String, _ signed: Signed) async throws -> String {
                let response = try await client.execute(uri: uri, method: .get, headers: signed.headers)
                #expect(response.status == .ok, "\(uri)")
                return String(buffer: response.body)
            }
            let record = "/records/\(fixture.ukrainianRecord.rawValue)"
            // Read twice, as kept
            for _ in 0..<2 {
                #expect(try await page("/registry?q=Kovalov", ukraine).contains("UA-H-1"))
                #expect(try await page(record, ukraine).contains("<strong>registered</strong>"))
            }
            // The other party's official asks the same: their own world, not the page kept for Ukraine
            #expect(try await !page("/registry?q=Kovalov", russia).contains("UA-H-1"))
            let kept = try await client.execute(uri: record, method: .get, headers: russia.headers)
            #expect(kept.status == .notFound)
            #expect(!String(buffer: kept.body).contains("Ковальов"))
            #expect(try await page("/registry", russia).contains("RU-H-1"))
            #expect(try await !page("/registry", ukraine).contains("RU-H-1"))
            // A change, by any use case, shows at once
            _ = try fixture.database.changeStatus(
                of: fixture.ukrainianRecord, to: .held(.deceased), as: Principal(.official, for: "UA"))
            #expect(try await page(record, ukraine).contains("<strong>deceased</strong>"))
            #expect(try await page("/registry?q=Kovalov", ukraine).contains("deceased"))
            _ = try fixture.database.importRegistry(
                file: "more.csv", bytes: Array("id,surname,given_name,synthetic\nUA-H-2,Ковальов,Петро,yes\n".utf8),
                party: "UA", kind: .held, as: Principal(.official, for: "UA"))
            #expect(try await page("/registry?q=Kovalov", ukraine).contains("UA-H-2"))
            // What a person's record holds is text on the page, never markup, in the parts kept as in the rest
            _ = try fixture.database.importRegistry(
                file: "markup.csv",
                bytes: Array("id,surname,given_name,synthetic\nUA-H-3,<b>Ковальов</b>,Петро,yes\n".utf8),
                party: "UA", kind: .held, as: Principal(.official, for: "UA"))
            let escaped = try await page("/registry?q=Kovalov", ukraine)
            #expect(escaped.contains("&lt;b&gt;Ковальов&lt;/b&gt;"))
            #expect(!escaped.contains("<b>Ковальов"))
        }
    }

    /// Each role on each GET route, with its own party's object and another's: the expected status.
    @Test("the access matrix: every role, every route, own and other party's object", arguments: WebFixture.accounts.map(\.0))
    func accessMatrix(username: String) async throws {
        let fixture = try WebFixture()
        let own = username.hasSuffix("-ru") ? fixture.russianRecord : fixture.ukrainianRecord
        let other = username.hasSuffix("-ru") ? fixture.ukrainianRecord : fixture.russianRecord
        // route → [username: status]; absent means 200
        let expected: [(String, [String: HTTPResponse.Status])] = [
            ("/", ["liaison-ua": .seeOther]),
            ("/registry", ["mediator": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden]),
            ("/records/\(own.rawValue)", ["mediator": .notFound, "liaison-ua": .notFound, "admin": .notFound]),
            (
                "/records/\(other.rawValue)",
                [
                    "official-ua": .notFound, "official-ru": .notFound, "mediator": .notFound, "liaison-ua": .notFound,
                    "admin": .notFound,
                ]
            ),
            ("/case?code=UA-S-7", ["mediator": .forbidden]),
            ("/talks", ["liaison-ua": .forbidden, "admin": .forbidden]),
            ("/lists", ["liaison-ua": .forbidden, "admin": .forbidden]),
            ("/journal", ["liaison-ua": .forbidden]),
            ("/node", ["liaison-ua": .forbidden]),
            ("/review", ["mediator": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden]),
            ("/api/v1/records", ["mediator": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden]),
            ("/api/v1/records/\(own.rawValue)", ["mediator": .notFound, "liaison-ua": .notFound, "admin": .notFound]),
            (
                "/api/v1/records/\(other.rawValue)",
                [
                    "official-ua": .notFound, "official-ru": .notFound, "mediator": .notFound, "liaison-ua": .notFound,
                    "admin": .notFound,
                ]
            ),
            ("/api/v1/counts", ["liaison-ua": .forbidden]),
            ("/api/v1/rounds", ["liaison-ua": .forbidden, "admin": .forbidden]),
            ("/api/v1/agreements", ["liaison-ua": .forbidden, "admin": .forbidden]),
            ("/api/v1/exchanges", ["liaison-ua": .forbidden, "admin": .forbidden]),
            ("/api/v1/cases/UA/UA-S-7", ["official-ru": .forbidden, "mediator": .forbidden, "admin": .forbidden]),
            (
                "/api/v1/cases/RU/UA-S-7",
                [
                    "official-ua": .forbidden, "mediator": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden,
                    "observer": .notFound, "official-ru": .notFound,
                ]
            ),
        ]
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn(username)
            for (uri, statuses) in expected {
                let status = try await client.execute(uri: uri, method: .get, headers: signed.headers) { $0.status }
                #expect(status == statuses[username] ?? .ok, "\(username) GET \(uri)")
            }
        }
    }

    @Test("the node page: the identity, each peer with what travelled and its state, witnessed and cosigned journals")
    func nodePage() async throws {
        // Given a database that is node UA, with the hub as its peer and records queued for it
        let fixture = try WebFixture()
        let keys = NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
        let hubKeys = NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
        @Sendable func identity(_ code: Party.Code, _ kind: NodeKind, _ keys: NodeKeys) throws -> NodeIdentity {
            try NodeIdentity(
                node: Node(code: code, kind: kind, speaksFor: [code]),
                key: NoteKey(name: NodeIdentity.keyName(of: code), type: .ed25519, publicKey: keys.signing.verifyingKey),
                recipient: keys.encryption.recipient)
        }
        try await fixture.application().test(.router) { client in
            // Before it is a node, the page says so
            let admin = try await client.signIn("admin")
            let before = try await client.execute(uri: "/node", method: .get, headers: admin.headers) { String(buffer: $0.body) }
            #expect(before.contains("This database is not a node"))
            _ = try fixture.database.initializeNode(
                identity("UA", .party, keys), keys: keys, url: "https://10.0.0.1:8443",
                tlsFingerprint: String(repeating: "1f", count: 32), as: .admin)
            _ = try fixture.database.addPeer(
                identity("ICRC", .hub, hubKeys), url: "https://10.0.0.2:8443", tlsFingerprint: String(repeating: "a0", count: 32),
                as: .admin)
            _ = try fixture.database.transmitRecords(to: "ICRC", keys: keys, as: .admin)
            // Then the administrator sees the identity, the peer and the transmission waiting for its receipt
            let page = try await client.execute(uri: "/node", method: .get, headers: admin.headers) { String(buffer: $0.body) }
            #expect(page.contains("parley-node/1 UA party UA parley/UA+"))
            #expect(page.contains("Peers reach its federation API at <code>https://10.0.0.1:8443</code>"))
            #expect(page.contains(String(repeating: "1f", count: 32)))
            #expect(
                page.contains("<td>ICRC</td><td>hub</td><td>https://10.0.0.2:8443</td><td><code>a0a0a0a0a0a0a0a0…</code></td>"))
            #expect(page.contains("waiting for its receipt"))
            #expect(page.contains("No peer has cosigned it yet."))
            // And an official sees the witnessing, not the transmissions
            let official = try await client.signIn("official-ua")
            let theirs = try await client.execute(uri: "/node", method: .get, headers: official.headers) {
                String(buffer: $0.body)
            }
            #expect(theirs.contains("Journals this node witnesses"))
            #expect(!theirs.contains("waiting for its receipt"))
        }
    }

    @Test("the exchange pages over the demo: talks, lists with their checks, reconciliation, review, journal")
    func exchangePages() async throws {
        let database = try AppDatabase.inMemory(
            clock: Clock.fixed(Date(timeIntervalSince1970: 1_770_282_000)), passwords: WebFixture.passwords)
        _ = try await database.buildDemo(heldPerSide: 300)
        for (username, principal) in WebFixture.accounts {
            _ = try database.addUser(username, password: WebFixture.password, principal: principal, as: .admin)
        }
        let app = Application(
            router: WebApp.router(database: database, views: try await Views.shipped(), configuration: WebConfiguration()))
        try await app.test(.router) { client in
            let observer = try await client.signIn("observer")
            func page(_ uri: String, _ signed: Signed) async throws -> String {
                try await client.execute(uri: uri, method: .get, headers: signed.headers) { response in
                    #expect(response.status == .ok, "GET \(uri)")
                    return String(buffer: response.body)
                }
            }
            #expect(try await page("/talks", observer).contains("314 in all = 157 per side"))
            let reconciliation = try await page("/agreements/1/reconciliation", observer)
            #expect(reconciliation.contains("157 released by Ukraine and 157 released by Russian Federation"))
            #expect(reconciliation.contains("The first exchange in 4 months and 3 days (126 days), since 2025-10-02."))
            #expect(try await page("/lists", observer).contains("UA → RU"))
            let list = try await page("/lists/1", observer)
            #expect(list.contains("approved"))
            #expect(list.contains("Signed by mediator:US"))
            #expect(try await page("/journal", observer).contains("The journal verifies"))

            // The observer, of no belligerent party, lands on the first belligerent's queue and may switch
            let landing = try await page("/review", observer)
            #expect(landing.contains("records sought by RU"))
            #expect(landing.contains("<a href=\"/review?seeking=UA\">UA</a>"))
            #expect(try await page("/review?seeking=UA", observer).contains("records sought by UA"))

            // Confirming a pair in the review queue, as a browser form would
            let queue = try await page("/review?seeking=UA", observer)
            let pair = try #require(queue.firstMatch(of: #/action="/review/(\d+)"/#)?.output.1)
            let confirmed = try await client.execute(
                uri: "/review/\(pair)", method: .post, headers: observer.formHeaders,
                body: ByteBuffer(string: "_csrf=\(observer.csrf)&seeking=UA&verdict=confirmed"))
            #expect(confirmed.status == .seeOther)
            #expect(try await !page("/review?seeking=UA", observer).contains("action=\"/review/\(pair)\""))
            #expect(try database.links(seeking: "UA", as: Principal(.observer, for: "ICRC")).count > 0)
        }
    }

    @Test("a family liaison sees one case's status and nothing else")
    func liaison() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn("liaison-ua")
            let page = try await client.execute(uri: "/case?code=UA-S-7", method: .get, headers: signed.headers)
            let text = String(buffer: page.body)
            #expect(text.contains("Case UA-S-7: <strong>open</strong>"))
            #expect(!text.contains("Мельник"))
            #expect(!text.contains("href=\"/registry\""))
            let api = try await client.execute(uri: "/api/v1/cases/UA/UA-S-7", method: .get, headers: signed.headers)
            #expect(String(buffer: api.body) == "{\"code\":\"UA-S-7\",\"status\":\"open\"}")
        }
    }

    @Test("the OpenAPI document lists every API route, and every path in it answers")
    func openAPI() async throws {
        let fixture = try await ExchangeFixture()
        let russia = Principal(.official, for: "RU")
        _ = try await fixture.database.freezeList(fixture.russianList, as: russia)
        let entry = try #require(try fixture.database.list(fixture.russianList, as: russia).entries.first)
        let record = entry.id
        try await fixture.application().test(.router) { client in
            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(document.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: document.body)) as? [String: Any])
            #expect(json["openapi"] as? String == "3.1.0")
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            let expected: Set = [
                "/api/v1/session", "/api/v1/records", "/api/v1/records/{id}", "/api/v1/counts", "/api/v1/rounds",
                "/api/v1/agreements", "/api/v1/exchanges", "/api/v1/cases/{party}/{code}", "/api/v1/openapi.json",
                "/api/v1/imports", "/api/v1/review", "/api/v1/review/{pair}", "/api/v1/lists", "/api/v1/lists/{id}",
                "/api/v1/lists/{id}/entries", "/api/v1/lists/{id}/entries/{reference}", "/api/v1/lists/{id}/suggestion",
                "/api/v1/lists/{id}/freeze", "/api/v1/lists/{id}/approvals", "/api/v1/lists/{id}/bundle",
                "/api/v1/lists/{id}/handover", "/api/v1/agreements/{id}/handover/close",
                "/api/v1/agreements/{id}/reconciliation", "/api/v1/journal/verification", "/api/v1/users",
                "/api/v1/users/{username}/disable", "/api/v1/users/{username}/enable",
            ]
            #expect(Set(paths.keys) == expected)
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let operation = try #require(operation as? [String: Any])
                    #expect(
                        (operation["requestBody"] != nil)
                            == (method == "post" && !path.hasSuffix("/freeze") && !path.hasSuffix("/disable")
                                && !path.hasSuffix("/enable")),
                        "\(method) \(path)")
                }
            }
            let observer = try await client.signIn("observer")
            let admin = try await client.signIn("admin")
            let sought = try #require(
                try fixture.database.records(
                    RecordQuery(party: "UA", kind: .sought, limit: 1), as: Principal(.observer, for: "ICRC")
                )
                .records.first?.reference)
            for (path, operations) in paths where operations["get"] != nil {
                var uri = path.replacingOccurrences(of: "{party}", with: "UA").replacingOccurrences(of: "{code}", with: sought)
                if path.hasPrefix("/api/v1/records/") { uri = uri.replacingOccurrences(of: "{id}", with: "\(record.rawValue)") }
                if path.hasPrefix("/api/v1/lists/") {
                    uri = uri.replacingOccurrences(of: "{id}", with: "\(fixture.russianList.rawValue)")
                }
                uri = uri.replacingOccurrences(of: "{id}", with: "\(fixture.agreement.rawValue)")
                if path == "/api/v1/review" { uri += "?seeking=UA" }
                let signed = path.hasPrefix("/api/v1/users") ? admin : observer
                let status = try await client.execute(uri: uri, method: .get, headers: signed.headers) { $0.status }
                #expect(status == .ok, "GET \(path) as \(uri)")
            }
        }
    }
}

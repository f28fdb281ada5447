import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleySynthetic
import ParleyWeb
import Testing

/// A web app over a round in Abu Dhabi with an agreement on 6 prisoners in all (3 per side), two
/// generated registries, the signers' keys registered, and the list RU releases drafted and filled.
final class ExchangeFixture: Sendable {
    let database: AppDatabase
    let agreement: Agreement.ID
    /// The list RU releases: a draft with its 3 suggested persons.
    let russianList: ExchangeList.ID
    let keys: [SigningKeyFile]

    init() async throws {
        database = try AppDatabase.inMemory(
            clock: Clock.fixed(Date(timeIntervalSince1970: 1_770_282_000)), passwords: WebFixture.passwords)
        for party in [
            Party(code: "UA", name: "Ukraine", roles: [.belligerent]),
            Party(code: "RU", name: "Russian Federation", roles: [.belligerent]),
            Party(code: "US", name: "United States", roles: [.mediator]),
            Party(code: "AE", name: "United Arab Emirates", roles: [.host]),
            Party(code: "ICRC", name: "ICRC", roles: [.observer]),
        ] {
            _ = try database.registerParty(party, as: .admin)
        }
        let registries = SyntheticRegistries(seed: 11, heldPerSide: 40, today: SyntheticRegistries.asOf)
        for (party, registry) in [(Party.Code("UA"), registries.ukraine), (Party.Code("RU"), registries.russia)] {
            for (kind, rows) in [(RecordKind.held, registry.held), (.sought, registry.sought)] {
                _ = try database.importRegistry(
                    file: "\(party)-\(kind).csv", bytes: Array(RegistryFileWriter.file(rows).utf8), party: party, kind: kind,
                    as: Principal(.official, for: party))
            }
        }
        let mediator = Principal(.mediator, for: "US")
        let round = try database.recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: PartialDate(parsing: "2026-02-04"), endsOn: PartialDate(parsing: "2026-02-05")),
            as: mediator)
        let roundID = round.id
        let recorded = try database.recordAgreement(
            Agreement(
                round: roundID, subject: .prisonersOfWar, quantity: Quantity(count: 6, basis: .total),
                wording: "exchange 6 prisoners in all"),
            as: mediator)
        agreement = recorded.id
        keys = [Principal(.official, for: "UA"), Principal(.official, for: "RU"), mediator].map {
            SigningKeyFile(signer: $0, key: SigningKey())
        }
        for file in keys { _ = try database.registerKey(file.key.verifyingKey.base64, for: file.signer, as: .admin) }
        let russia = Principal(.official, for: "RU")
        russianList = try database.draftList(agreement: agreement, releasing: "RU", as: russia).list.id
        let picks = try await database.suggest(for: russianList, as: russia)
        _ = try database.addToList(russianList, references: picks.map(\.record.reference), as: russia)
        for (username, principal) in WebFixture.accounts {
            _ = try database.addUser(username, password: WebFixture.password, principal: principal, as: .admin)
        }
    }

    func key(of signer: Principal) throws -> SigningKeyFile { try #require(keys.first { $0.signer == signer }) }

    func application() async throws -> some ApplicationProtocol {
        Application(
            router: WebApp.router(database: database, views: try await Views.shipped(), configuration: WebConfiguration()))
    }
}

/// A `multipart/form-data` body as a browser sends it: fields, then files.
struct MultipartBody {
    static let boundary = "----ParleyTestBoundary7MA4YWxkTrZu0gW"
    var fields: [(String, String)] = []
    var files: [(name: String, filename: String, content: [UInt8])] = []

    var headers: HTTPFields { [.contentType: "multipart/form-data; boundary=\(Self.boundary)"] }

    var buffer: ByteBuffer {
        var bytes: [UInt8] = []
        for (name, value) in fields {
            bytes += Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            bytes += Array(
                "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            bytes += file.content + Array("\r\n".utf8)
        }
        bytes += Array("--\(Self.boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }
}

extension Signed {
    /// A form action's address as the page writes it for a form with files: with the anti-forgery token.
    func action(_ path: String) -> String { "\(path)?_csrf=\(csrf)" }

    func multipart(_ body: MultipartBody) -> (HTTPFields, ByteBuffer) {
        var headers = body.headers
        headers[.cookie] = "parley_session=\(cookie)"
        var body = body
        body.fields.insert(("_csrf", csrf), at: 0)
        return (headers, body.buffer)
    }

    var jsonHeaders: HTTPFields {
        [.cookie: "parley_session=\(cookie)", .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: csrf]
    }
}

@Suite("The exchange in the browser's forms and through the API, each action as the role allowed to take it")
struct WorkflowTests {
    @Test("importing a file from the browser: all rows or none, every bad row named; the same file again adds nothing")
    func importUpload() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let official = try await client.signIn("official-ua")
            let form = try await client.execute(uri: "/import", method: .get, headers: official.headers)
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("enctype=\"multipart/form-data\""))
            let before = try fixture.database.records(RecordQuery(party: "UA"), as: Principal(.official, for: "UA")).total

            let bad = Array("id,surname,date_of_birth\nUA-X-1,Ткаченко,1990-13-40\nUA-X-2,,1991\n".utf8)
            let (headers, body) = official.multipart(
                MultipartBody(fields: [("kind", "held"), ("encoding", "")], files: [("file", "bad.csv", bad)]))
            let rejected = try await client.execute(uri: official.action("/import"), method: .post, headers: headers, body: body)
            #expect(rejected.status == .unprocessableContent)
            let page = String(buffer: rejected.body)
            #expect(page.contains("bad.csv:2: date_of_birth: 1990-13-40:"))
            #expect(page.contains("bad.csv:3: surname:"))
            #expect(page.contains("nothing was written"))
            #expect(try fixture.database.records(RecordQuery(party: "UA"), as: Principal(.official, for: "UA")).total == before)

            // Windows-1251, as a spreadsheet on a Cyrillic system saves it
            let good =
                Array("id,surname,given_name,date_of_birth,synthetic\nUA-X-1,".utf8) + [
                    0xD2, 0xEA, 0xE0, 0xF7, 0xE5, 0xED, 0xEA, 0xEE,
                ]
                + Array(",Ivan,1990,yes\n".utf8)
            for (attempt, added) in [(1, "1 held records added"), (2, "This same file was imported before")] {
                let (headers, body) = official.multipart(
                    MultipartBody(fields: [("kind", "held"), ("encoding", "windows-1251")], files: [("file", "good.csv", good)]))
                let accepted = try await client.execute(
                    uri: official.action("/import"), method: .post, headers: headers, body: body)
                #expect(accepted.status == .ok, "attempt \(attempt)")
                #expect(String(buffer: accepted.body).contains(added), "attempt \(attempt)")
            }
            let found = try fixture.database.records(
                RecordQuery(party: "UA", text: "UA-X-1"), as: Principal(.official, for: "UA"))
            #expect(found.records.first?.person.surname == "Ткаченко")

            // Another party's official cannot import into Ukraine's registry: the form imports into one's own
            let mediator = try await client.signIn("mediator")
            #expect(try await client.execute(uri: "/import", method: .get, headers: mediator.headers) { $0.status } == .forbidden)
        }
    }

    @Test("a list built, checked, frozen and signed by each required signer in the browser, then its handover recorded")
    func listToHandover() async throws {
        let fixture = try await ExchangeFixture()
        let list = fixture.russianList.rawValue
        try await fixture.application().test(.router) { client in
            func page(_ uri: String, _ signed: Signed) async throws -> String {
                try await client.execute(uri: uri, method: .get, headers: signed.headers) { response in
                    #expect(response.status == .ok, "GET \(uri)")
                    return String(buffer: response.body)
                }
            }
            func post(_ uri: String, _ signed: Signed, _ fields: String = "") async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: uri, method: .post, headers: signed.formHeaders,
                    body: ByteBuffer(string: "_csrf=\(signed.csrf)\(fields.isEmpty ? "" : "&" + fields)")
                ) { $0.status }
            }
            let russia = try await client.signIn("official-ru")
            var draft = try await page("/lists/\(list)", russia)
            #expect(draft.contains("<strong class=\"state\">draft</strong>"))
            #expect(draft.contains("quota 3"))
            let entries = draft.matches(of: #/name="reference" value="([^"]+)"/#).map { String($0.output.1) }
            #expect(entries.count == 3)

            // Take one off, see the suggestion offer a person, fill from it
            #expect(try await post("/lists/\(list)/removals", russia, "reference=\(entries[0])") == .seeOther)
            draft = try await page("/lists/\(list)", russia)
            #expect(draft.contains("Suggested to fill the quota: 1"))
            #expect(try await post("/lists/\(list)/suggestion", russia) == .seeOther)
            #expect(try await post("/lists/\(list)/entries", russia, "references=\(entries[1])") == .conflict)

            // Ukraine's official may read the list but not change it
            let ukraine = try await client.signIn("official-ua")
            #expect(try await post("/lists/\(list)/entries", ukraine, "references=\(entries[0])") == .forbidden)
            #expect(try await !page("/lists/\(list)", ukraine).contains("action=\"/lists/\(list)/freeze\""))

            #expect(try await post("/lists/\(list)/freeze", russia) == .seeOther)
            let frozen = try await page("/lists/\(list)", russia)
            #expect(frozen.contains("<strong class=\"state\">frozen</strong>"))
            let digest = try #require(frozen.firstMatch(of: #/data-digest="([0-9a-f]{64})"/#)?.output.1).description
            #expect(!frozen.contains("action=\"/lists/\(list)/removals\""))

            // Someone else's key file is refused; the official's own is used once and kept nowhere
            let ukrainianKey = try fixture.key(of: Principal(.official, for: "UA"))
            let russianKey = try fixture.key(of: Principal(.official, for: "RU"))
            var (headers, body) = russia.multipart(
                MultipartBody(fields: [("digest", digest)], files: [("key", "ua.key", Array(ukrainianKey.text.utf8))]))
            #expect(
                try await client.execute(
                    uri: russia.action("/lists/\(list)/approvals"), method: .post, headers: headers, body: body
                ).status
                    == .conflict)
            (headers, body) = russia.multipart(
                MultipartBody(fields: [("digest", digest)], files: [("key", "ru.key", Array(russianKey.text.utf8))]))
            #expect(
                try await client.execute(
                    uri: russia.action("/lists/\(list)/approvals"), method: .post, headers: headers, body: body
                ).status
                    == .seeOther)

            // Signed in the browser: only the signature and the public key arrive
            let signature = try ukrainianKey.key.sign(try #require(Digest(hex: digest)))
            (headers, body) = ukraine.multipart(
                MultipartBody(fields: [
                    ("digest", digest), ("signature", signature.base64), ("public_key", ukrainianKey.key.verifyingKey.base64),
                ]))
            #expect(
                try await client.execute(
                    uri: ukraine.action("/lists/\(list)/approvals"), method: .post, headers: headers, body: body
                ).status
                    == .seeOther)

            let mediator = try await client.signIn("mediator")
            #expect(try await !page("/lists/\(list)", mediator).contains("action=\"/lists/\(list)/handover\""))
            (headers, body) = mediator.multipart(
                MultipartBody(
                    fields: [("digest", digest)],
                    files: [("key", "us.key", Array(try fixture.key(of: Principal(.mediator, for: "US")).text.utf8))]))
            #expect(
                try await client.execute(
                    uri: mediator.action("/lists/\(list)/approvals"), method: .post, headers: headers, body: body
                ).status
                    == .seeOther)
            let approved = try await page("/lists/\(list)", mediator)
            #expect(approved.contains("<strong class=\"state\">approved</strong>"))
            #expect(approved.contains("Signed by official:UA"))
            #expect(approved.contains("href=\"/lists/\(list)/handover\""))
            let bundle = try await client.execute(uri: "/lists/\(list)/bundle", method: .get, headers: mediator.headers)
            #expect(bundle.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try ListBundle(parsing: Array(buffer: bundle.body), file: "bundle.json").signatures.count == 3)

            // The handover: one replaced by a substitute, the rest transferred, then closed
            let handover = try await page("/lists/\(list)/handover", mediator)
            let listed = handover.matches(of: #/name="reference" value="([^"]+)"/#).map { String($0.output.1) }
            let substitute = try #require(
                handover.firstMatch(of: #/<datalist id="substitutes"><option value="([^"]+)"/#)?.output.1
            ).description
            #expect(listed.count == 3)
            #expect(
                try await post(
                    "/lists/\(list)/handover", mediator,
                    "reference=\(listed[0])&outcome=substituted&substitute=\(substitute)&date=2026-02-05") == .seeOther)
            #expect(try await post("/lists/\(list)/handover", mediator, "remaining=transferred&date=2026-02-05") == .seeOther)
            #expect(try await post("/lists/\(list)/handover", russia, "remaining=transferred") == .forbidden)
            let done = try await page("/lists/\(list)/handover", mediator)
            #expect(done.matches(of: #/class="outcome">transferred</#).count == 2)
            #expect(done.contains("class=\"outcome\">substituted<"))
            // Ukraine's direction has no list: the handover closes only in part, with the reason given
            #expect(
                try await post("/agreements/\(fixture.agreement.rawValue)/handover/close", mediator, "date=2026-02-05")
                    == .conflict)
            #expect(
                try await post(
                    "/agreements/\(fixture.agreement.rawValue)/handover/close", mediator,
                    "date=2026-02-05&partial_reason=Ukraine%27s+list+was+not+ready") == .seeOther)
            let reconciliation = try await page("/agreements/\(fixture.agreement.rawValue)/reconciliation", mediator)
            #expect(reconciliation.contains("3 released by Russian Federation"))
            #expect(reconciliation.contains("The handover was closed in part"))
            #expect(try fixture.database.verifyJournal(as: .admin).isIntact)
        }
    }

    @Test("the administrator adds, disables and enables accounts in the browser, but not their own; nobody else may")
    func users() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.signIn("admin")
            let added = try await client.execute(
                uri: "/users", method: .post, headers: admin.formHeaders,
                body: ByteBuffer(
                    string: "_csrf=\(admin.csrf)&username=liaison-ru&principal=liaison%3ARU&password=another+long+passphrase"))
            #expect(added.status == .seeOther)
            let short = try await client.execute(
                uri: "/users", method: .post, headers: admin.formHeaders,
                body: ByteBuffer(string: "_csrf=\(admin.csrf)&username=x&principal=liaison%3ARU&password=short"))
            #expect(short.status == .unprocessableContent)
            #expect(String(buffer: short.body).contains("shorter than 12 characters"))
            let liaison = try await client.signIn("liaison-ru", password: "another long passphrase")
            #expect(
                try await client.execute(
                    uri: "/users/liaison-ru/disable", method: .post, headers: admin.formHeaders,
                    body: ByteBuffer(string: "_csrf=\(admin.csrf)")
                ).status == .seeOther)
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: liaison.headers) { $0.status }
                    == .unauthorized)
            let page = try await client.execute(uri: "/users", method: .get, headers: admin.headers)
            #expect(String(buffer: page.body).contains("<td>liaison-ru</td><td>liaison:RU</td>"))
            #expect(String(buffer: page.body).contains("action=\"/users/liaison-ru/enable\""))
            // Enabled again, the account signs in with the password it had
            #expect(
                try await client.execute(
                    uri: "/users/liaison-ru/enable", method: .post, headers: admin.formHeaders,
                    body: ByteBuffer(string: "_csrf=\(admin.csrf)")
                ).status == .seeOther)
            _ = try await client.signIn("liaison-ru", password: "another long passphrase")
            // The administrator may not disable their own account, the last admin one
            let own = try await client.execute(
                uri: "/users/admin/disable", method: .post, headers: admin.formHeaders,
                body: ByteBuffer(string: "_csrf=\(admin.csrf)"))
            #expect(own.status == .unprocessableContent)
            #expect(String(buffer: own.body).contains("the account you are signed in with"))
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: admin.headers).status == .ok)

            let official = try await client.signIn("official-ua")
            #expect(try await client.execute(uri: "/users", method: .get, headers: official.headers) { $0.status } == .forbidden)
            let refused = try await client.execute(
                uri: "/users", method: .post, headers: official.formHeaders,
                body: ByteBuffer(string: "_csrf=\(official.csrf)&username=y&principal=admin&password=another+long+passphrase"))
            #expect(refused.status == .forbidden)
        }
    }

    @Test("the API: a list drafted, filled, frozen and approved in JSON; bad bodies and files answered as problems")
    func apiWorkflow() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let ukraine = try await client.signIn("official-ua")
            func call(
                _ method: HTTPRequest.Method, _ uri: String, _ signed: Signed, _ body: String? = nil
            ) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: uri, method: method, headers: signed.jsonHeaders, body: body.map { ByteBuffer(string: $0) }
                ) { response in
                    let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                    return (response.status, json)
                }
            }
            let (created, draft) = try await call(
                .post, "/api/v1/lists", ukraine, "{\"agreement\":\(fixture.agreement.rawValue)}")
            #expect(created == .created)
            let list = try #require((draft["summary"] as? [String: Any])?["list"] as? Int)
            let picks = try await client.execute(uri: "/api/v1/lists/\(list)/suggestion", method: .get, headers: ukraine.headers)
            {
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [[String: Any]])
            }
            #expect(picks.count == 3)
            let references = picks.compactMap { ($0["record"] as? [String: Any])?["reference"] as? String }
            let quoted = references.map { "\"\($0)\"" }.joined(separator: ",")
            #expect(try await call(.post, "/api/v1/lists/\(list)/entries", ukraine, "{\"references\":[\(quoted)]}").0 == .ok)
            #expect(try await call(.delete, "/api/v1/lists/\(list)/entries/\(references[0])", ukraine).0 == .ok)
            #expect(
                try await call(.post, "/api/v1/lists/\(list)/entries", ukraine, "{\"references\":[\"\(references[0])\"]}").0
                    == .ok)
            let (frozen, state) = try await call(.post, "/api/v1/lists/\(list)/freeze", ukraine)
            #expect(frozen == .ok)
            let digest = try #require((state["summary"] as? [String: Any])?["digest"] as? String)

            for (username, signer) in [
                ("official-ua", Principal(.official, for: "UA")), ("official-ru", Principal(.official, for: "RU")),
                ("mediator", Principal(.mediator, for: "US")),
            ] {
                let signed = try await client.signIn(username)
                let key = try fixture.key(of: signer)
                let signature = try key.key.sign(try #require(Digest(hex: digest))).base64
                let body =
                    "{\"digest\":\"\(digest)\",\"publicKey\":\"\(key.key.verifyingKey.base64)\",\"signature\":\"\(signature)\"}"
                #expect(try await call(.post, "/api/v1/lists/\(list)/approvals", signed, body).0 == .created, "\(username)")
            }
            let (_, detail) = try await call(.get, "/api/v1/lists/\(list)", ukraine)
            #expect(((detail["list"] as? [String: Any])?["summary"] as? [String: Any])?["state"] as? String == "approved")

            let (badStatus, problem) = try await call(.post, "/api/v1/lists", ukraine, "{\"agreement\":\"one\"}")
            #expect(badStatus == .badRequest)
            #expect(problem["code"] as? String == "request.body-invalid")
            #expect((problem["detail"] as? String)?.contains("agreement") == true)

            // The handover of the approved list, person by person, then closed
            let mediator = try await client.signIn("mediator")
            let first = try #require(references.first)
            let (one, outcome) = try await call(
                .post, "/api/v1/lists/\(list)/handover", mediator,
                "{\"reference\":\"\(first)\",\"outcome\":\"transferred\",\"date\":\"2026-02-05\"}")
            #expect(one == .created)
            #expect(outcome["kind"] as? String == "transferred")
            let (rest, count) = try await call(
                .post, "/api/v1/lists/\(list)/handover", mediator, "{\"remainingTransferred\":true,\"date\":\"2026-02-05\"}")
            #expect(rest == .created)
            #expect(count["transferred"] as? Int == 2)
            let (badDate, dateProblem) = try await call(
                .post, "/api/v1/agreements/\(fixture.agreement.rawValue)/handover/close", mediator, "{\"date\":\"2026-13-01\"}")
            #expect(badDate == .badRequest)
            #expect(dateProblem["code"] as? String == "request.body-invalid")
            // RU's list is a draft still: the handover cannot close
            let (pending, _) = try await call(
                .post, "/api/v1/agreements/\(fixture.agreement.rawValue)/handover/close", mediator, "{\"date\":\"2026-02-05\"}")
            #expect(pending == .conflict)

            var headers = ukraine.jsonHeaders
            headers[.contentType] = "text/csv"
            let rejected = try await client.execute(
                uri: "/api/v1/imports?kind=held&file=api.csv", method: .post, headers: headers,
                body: ByteBuffer(string: "id,surname\nUA-Y-1,\n"))
            #expect(rejected.status == .unprocessableContent)
            #expect(String(buffer: rejected.body).contains("api.csv was not imported"))
            let accepted = try await client.execute(
                uri: "/api/v1/imports?kind=sought&file=api.csv", method: .post, headers: headers,
                body: ByteBuffer(string: "id,surname,synthetic\nUA-Y-1,Бондар,yes\n"))
            #expect(accepted.status == .created)
        }
    }

    @Test("the API: the review queue decided, accounts added, disabled and enabled, but not one's own; static files served")
    func apiReviewAndAccounts() async throws {
        let fixture = try await ExchangeFixture()
        _ = try await fixture.database.runMatching(
            seeking: "UA", holding: "RU", threshold: 0.5, as: Principal(.observer, for: "ICRC"))
        try await fixture.application().test(.router) { client in
            let observer = try await client.signIn("observer")
            let queue = try await client.execute(uri: "/api/v1/review?seeking=UA", method: .get, headers: observer.headers) {
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [[String: Any]])
            }
            let pair = try #require(queue.first?["pair"] as? Int)
            // Its probability in words that strong pairs still tell apart, beside the weight that ranks it
            #expect(queue.first?["probabilityWording"] is String)
            #expect(queue.first?["weightWording"] is String)
            let decided = try await client.execute(
                uri: "/api/v1/review/\(pair)", method: .post, headers: observer.jsonHeaders,
                body: ByteBuffer(string: "{\"verdict\":\"rejected\"}"))
            #expect(decided.status == .ok)
            let again = try await client.execute(
                uri: "/api/v1/review/\(pair)", method: .post, headers: observer.jsonHeaders,
                body: ByteBuffer(string: "{\"verdict\":\"maybe\"}"))
            #expect(again.status == .badRequest)

            let admin = try await client.signIn("admin")
            let added = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.jsonHeaders,
                body: ByteBuffer(
                    string:
                        "{\"username\":\"observer-2\",\"principal\":\"observer:ICRC\",\"password\":\"a long enough passphrase\"}")
            )
            #expect(added.status == .created)
            let wrongRole = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.jsonHeaders,
                body: ByteBuffer(
                    string: "{\"username\":\"x\",\"principal\":\"general:UA\",\"password\":\"a long enough passphrase\"}"))
            #expect(wrongRole.status == .unprocessableContent)
            let second = try await client.signIn("observer-2", password: "a long enough passphrase")
            let disabled = try await client.execute(
                uri: "/api/v1/users/observer-2/disable", method: .post, headers: admin.jsonHeaders)
            #expect(disabled.status == .ok)
            #expect(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: second.headers) { $0.status }
                    == .unauthorized)
            #expect(
                try await client.execute(uri: "/api/v1/users/admin/disable", method: .post, headers: observer.jsonHeaders).status
                    == .forbidden)
            let enabled = try await client.execute(
                uri: "/api/v1/users/observer-2/enable", method: .post, headers: admin.jsonHeaders)
            #expect(enabled.status == .ok)
            #expect(String(buffer: enabled.body).contains("\"isDisabled\":false"))
            _ = try await client.signIn("observer-2", password: "a long enough passphrase")
            // Another admin may disable the first; neither may disable their own account, the last enabled admin one
            _ = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.jsonHeaders,
                body: ByteBuffer(
                    string: "{\"username\":\"admin-2\",\"principal\":\"admin\",\"password\":\"a long enough passphrase\"}"))
            let secondAdmin = try await client.signIn("admin-2", password: "a long enough passphrase")
            let own = try await client.execute(
                uri: "/api/v1/users/admin-2/disable", method: .post, headers: secondAdmin.jsonHeaders)
            #expect(own.status == .unprocessableContent)
            #expect(String(buffer: own.body).contains("user.own-account"))
            #expect(
                try await client.execute(uri: "/api/v1/users/admin/disable", method: .post, headers: secondAdmin.jsonHeaders)
                    .status
                    == .ok)
            #expect(
                try await client.execute(uri: "/api/v1/users/admin-2/disable", method: .post, headers: secondAdmin.jsonHeaders)
                    .status
                    == .unprocessableContent)

            for (file, type) in [("parley.css", "text/css"), ("parley.js", "text/javascript")] {
                let response = try await client.execute(uri: "/static/\(file)", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(type) == true)
            }
            #expect(try await client.execute(uri: "/static/../Package.swift", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/static/templates", method: .get).status == .notFound)
        }
    }

    /// Each role on each state-changing route, against RU's draft list and the review queue of UA's sought records.
    @Test("the access matrix of state-changing routes", arguments: WebFixture.accounts.map(\.0))
    func changeMatrix(username: String) async throws {
        let fixture = try await ExchangeFixture()
        let list = fixture.russianList.rawValue
        let (editor, forbidden): (HTTPResponse.Status, HTTPResponse.Status) = (.seeOther, .forbidden)
        // route, body → [username: status]; absent means forbidden
        let expected: [(String, String, [String: HTTPResponse.Status])] = [
            ("/lists/\(list)/freeze", "", ["official-ru": editor]),
            ("/lists/\(list)/suggestion", "", ["official-ru": editor]),
            ("/lists", "agreement=\(fixture.agreement.rawValue)", ["official-ua": editor, "official-ru": .conflict]),
            ("/users", "username=z&principal=admin&password=another+long+passphrase", ["admin": editor]),
            ("/lists/\(list)/handover", "remaining=transferred", ["mediator": .conflict]),
            ("/agreements/\(fixture.agreement.rawValue)/handover/close", "", ["mediator": .conflict]),
            ("/users/observer/disable", "", ["admin": editor]),
            ("/users/observer/enable", "", ["admin": editor]),
        ]
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn(username)
            for (uri, fields, statuses) in expected {
                let status = try await client.execute(
                    uri: uri, method: .post, headers: signed.formHeaders,
                    body: ByteBuffer(string: "_csrf=\(signed.csrf)\(fields.isEmpty ? "" : "&" + fields)")
                ) { $0.status }
                #expect(status == statuses[username] ?? forbidden, "\(username) POST \(uri)")
            }
        }
    }

    /// Each role on the reading routes of the exchange, with RU's draft list.
    @Test("the access matrix of the exchange's reading routes", arguments: WebFixture.accounts.map(\.0))
    func readMatrix(username: String) async throws {
        let fixture = try await ExchangeFixture()
        let list = fixture.russianList.rawValue
        let agreement = fixture.agreement.rawValue
        let noLists: [String: HTTPResponse.Status] = ["liaison-ua": .forbidden, "admin": .forbidden]
        // route → [username: status]; absent means 200
        let expected: [(String, [String: HTTPResponse.Status])] = [
            ("/import", ["mediator": .forbidden, "observer": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden]),
            (
                "/users",
                [
                    "official-ua": .forbidden, "official-ru": .forbidden, "mediator": .forbidden, "observer": .forbidden,
                    "liaison-ua": .forbidden,
                ]
            ),
            ("/lists/\(list)", noLists), ("/lists/\(list)/handover", noLists),
            (
                "/lists/\(list)/bundle",
                noLists.merging([
                    "official-ua": .conflict, "official-ru": .conflict, "mediator": .conflict, "observer": .conflict,
                ]) {
                    $1
                }
            ),
            ("/api/v1/lists", noLists), ("/api/v1/lists/\(list)", noLists), ("/api/v1/lists/\(list)/suggestion", noLists),
            ("/api/v1/lists/\(list)/handover", noLists),
            (
                "/api/v1/review?seeking=UA",
                ["official-ru": .forbidden, "mediator": .forbidden, "liaison-ua": .forbidden, "admin": .forbidden]
            ),
            ("/api/v1/journal/verification", ["liaison-ua": .forbidden]),
            ("/api/v1/agreements/\(agreement)/reconciliation", ["liaison-ua": .forbidden]),
            (
                "/api/v1/users",
                [
                    "official-ua": .forbidden, "official-ru": .forbidden, "mediator": .forbidden, "observer": .forbidden,
                    "liaison-ua": .forbidden,
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
}

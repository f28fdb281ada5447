import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyCore
import ParleyStore
import ParleyWeb
import Testing

/// What the server takes from anyone, signed in or not: bodies by route, and answers that do not
/// grow with what was sent.
@Suite("Request limits: bodies by route, bounded error answers")
struct RequestLimitsTests {
    @Test("an anonymous sign-in body over its few KiB is refused with 413 and a problem, page and API alike")
    func oversizedSignIn() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 100 * 1024)
            let api = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: big)
            #expect(api.status == .contentTooLarge)
            #expect(api.headers[.contentType] == "application/problem+json")
            #expect(String(buffer: api.body).contains("\"code\":\"request.too-large\""))
            #expect(String(buffer: api.body).contains("8 KiB"))
            let page = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: big)
            #expect(page.status == .contentTooLarge)
        }
    }

    @Test("a JSON or form body over its limit answers 413, never 500")
    func oversizedForms() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let mediator = try await client.signIn("mediator")
            let big = String(repeating: "x", count: 3 * 1024 * 1024)
            let json = try await client.execute(
                uri: "/api/v1/agreements/\(fixture.agreement.rawValue)/handover/close", method: .post,
                headers: mediator.jsonHeaders, body: ByteBuffer(string: "{\"partialReason\":\"\(big)\"}"))
            #expect(json.status == .contentTooLarge)
            let form = try await client.execute(
                uri: "/agreements/\(fixture.agreement.rawValue)/handover/close", method: .post, headers: mediator.formHeaders,
                body: ByteBuffer(string: "_csrf=\(mediator.csrf)&partial_reason=\(big)"))
            #expect(form.status == .contentTooLarge)
        }
    }

    @Test("a form with files is never read for its token: without one it is refused, and one who may not import is refused")
    func uploadsAreReadOnlyWhenAllowed() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let liaison = try await client.signIn("liaison-ua")
            let file = Array(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024)
            let (headers, body) = liaison.multipart(
                MultipartBody(fields: [("kind", "held")], files: [("file", "big.csv", file)]))
            // The token in the body is not looked for: the body may be hundreds of megabytes
            let withoutToken = try await client.execute(uri: "/import", method: .post, headers: headers, body: body)
            #expect(withoutToken.status == .forbidden)
            #expect(String(buffer: withoutToken.body).contains("anti-forgery token"))
            let refused = try await client.execute(
                uri: liaison.action("/import"), method: .post, headers: headers, body: body)
            #expect(refused.status == .forbidden)
            var api = liaison.jsonHeaders
            api[.contentType] = "text/csv"
            let apiRefused = try await client.execute(
                uri: "/api/v1/imports?kind=held", method: .post, headers: api, body: ByteBuffer(bytes: file))
            #expect(apiRefused.status == .forbidden)
        }
    }

    @Test("an error answer quotes at most 100 characters of a bad value")
    func boundedAnswers() async throws {
        let fixture = try await ExchangeFixture()
        try await fixture.application().test(.router) { client in
            let official = try await client.signIn("official-ua")
            let value = String(repeating: "Ж", count: 200_000)
            var headers = official.jsonHeaders
            headers[.contentType] = "text/csv"
            let response = try await client.execute(
                uri: "/api/v1/imports?kind=held&encoding=\(value)", method: .post, headers: headers,
                body: ByteBuffer(string: "id,surname\n"))
            #expect(response.status == .badRequest)
            let text = String(buffer: response.body)
            #expect(text.utf8.count < 2_000, "\(text.utf8.count) bytes")
            #expect(text.contains(String(repeating: "Ж", count: 100) + "… (200,000 characters)"))
            #expect(!text.contains(String(repeating: "Ж", count: 101)))

            let csv = "id,surname,date_of_birth\nUA-Z-1,Коваль," + String(repeating: "9", count: 1_000_000) + "\n"
            let rejected = try await client.execute(
                uri: "/api/v1/imports?kind=held&file=long.csv", method: .post, headers: headers, body: ByteBuffer(string: csv))
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.body.readableBytes < 10_000, "\(rejected.body.readableBytes) bytes")
            // The problem names the file, line, column and value, as the command line does.
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: rejected.body)) as? [String: Any]
            let rows = try #require(problem?["problems"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["file"] as? String == "long.csv")
            #expect(rows.first?["line"] as? Int == 2)
            #expect(rows.first?["column"] as? String == "date_of_birth")
            #expect(rows.first?["value"] as? String == String(repeating: "9", count: 100) + "… (1,000,000 characters)")
        }
    }
}

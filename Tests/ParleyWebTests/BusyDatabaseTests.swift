import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ParleyStore

@Suite("A request that finds the database busy with another writer")
struct BusyDatabaseTests {
    /// Another connection to the database file holding SQLite's write lock, as a long import does.
    static func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        return connection
    }

    static func temporaryFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("parley.sqlite").path
    }

    @Test("is answered 503 with Retry-After and a problem document (API) or the error page, never 500")
    func serviceUnavailable() async throws {
        // Given a signed-in official, and then another connection holding the write lock
        let path = try Self.temporaryFile()
        let fixture = try WebFixture(file: path, wait: BusyWait(timeout: 0.2))
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn("official-ua")
            fixture.advance(seconds: 120)
            let lock = try Self.holdWriteLock(path)
            defer { try? lock.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }

            // When someone signs in through the API (which writes a session)
            let api = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"username\":\"official-ru\",\"password\":\"\(WebFixture.password)\"}")
            ) { $0 }

            // Then the answer is 503, with when to try again, as a problem document
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers[.retryAfter] == "1")
            #expect(api.headers[.contentType] == "application/problem+json")
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any]
            #expect(problem?["code"] as? String == "database.busy")
            #expect(problem?["status"] as? Int == 503)

            // When a page's session is touched (a write) while the lock is held
            let page = try await client.execute(uri: "/", method: .get, headers: signed.headers) { $0 }

            // Then the error page says so, with 503 and Retry-After
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers[.retryAfter] == "1")
            #expect(String(buffer: page.body).contains("busy with another writer"))
        }
    }

    @Test("a write behind a long write of the same server is answered 503 in its time; pages go on being served")
    func busyInProcess() async throws {
        // Given a signed-in official whose session is due to be touched, and a write of the same process holding
        // the store's writer, as a long import through the web does
        let fixture = try WebFixture(file: try Self.temporaryFile(), wait: BusyWait(timeout: 0.2))
        try await fixture.application().test(.router) { client in
            let signed = try await client.signIn("official-ua")
            fixture.advance(seconds: 120)
            let holding = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                _ = try? fixture.database.writer.write { _ in
                    holding.signal()
                    release.wait()
                }
                finished.signal()
            }
            holding.wait()
            defer {
                release.signal()
                finished.wait()
            }

            // When someone signs in (a write) and the official opens a page
            let api = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"username\":\"official-ru\",\"password\":\"\(WebFixture.password)\"}")
            ) { $0 }
            let page = try await client.execute(uri: "/", method: .get, headers: signed.headers) { $0 }

            // Then the sign-in is answered 503 with Retry-After, and the page is served without touching the session
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers[.retryAfter] == "1")
            #expect(page.status == .ok)
        }
    }

    @Test("the OpenAPI document describes the 503 answer and its Retry-After header on every operation")
    func documented() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { $0 }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: document.body)) as? [String: Any])
            let paths = try #require(json["paths"] as? [String: [String: [String: Any]]])
            let operations = paths.values.flatMap(\.values)
            #expect(!operations.isEmpty)
            for operation in operations {
                let responses = operation["responses"] as? [String: [String: Any]]
                let headers = responses?["503"]?["headers"] as? [String: Any]
                #expect(headers?["Retry-After"] != nil, "\(operation["operationId"] ?? "?")")
            }
        }
    }
}

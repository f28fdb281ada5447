import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyWeb
import Testing

extension TestClientProtocol {
    /// Signs in through the API from `address` (sent as `X-Forwarded-For`) and returns the answer's status.
    func signInStatus(_ username: String, password: String, from address: String) async throws -> HTTPResponse.Status {
        try await execute(
            uri: "/api/v1/session", method: .post,
            headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: address],
            body: ByteBuffer(string: "{\"username\":\"\(username)\",\"password\":\"\(password)\"}")
        ) { $0.status }
    }
}

@Suite("Sign-in throttling: by address and by account, the same for attempts sent together as one after another")
struct SignInThrottleTests {
    @Test("wrong sign-ins sent together wait in turn, as long in all as the same sent one after another")
    func concurrentGuessesQueue() async throws {
        // Given a wait of 25 ms for each failure so far from the address
        let step = Duration.milliseconds(25)
        let fixture = try WebFixture(loginDelay: { step * $0 })
        let guesses = 8
        try await fixture.application().test(.router) { client in
            // When eight wrong passwords for one account arrive at once
            let clock = ContinuousClock()
            let started = clock.now
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<guesses {
                    group.addTask { try await client.signInStatus("mediator", password: "wrong", from: "203.0.113.9") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = clock.now - started

            // Then each is refused after waiting as if the ones before it had failed already: 1, 2 … 7 failures
            #expect(statuses == Array(repeating: .unauthorized, count: guesses))
            #expect(fixture.delays.withLock { $0.sorted() } == Array(1..<guesses))
            #expect(elapsed >= step * (1..<guesses).reduce(0, +), "\(elapsed)")
            // And every failure is counted and journaled
            #expect(try fixture.database.users(as: .admin).first { $0.username == "mediator" }?.failedLogins == guesses)
            #expect(try fixture.database.verifyJournal(as: .admin).isIntact)
        }
    }

    @Test("after a flood of guesses from one address, the holder signing in from another is answered at once")
    func floodDoesNotLockOut() async throws {
        // Given a wait of 8 s once an address or an account has three failures
        let fixture = try WebFixture(
            loginDelay: { $0 < 3 ? .milliseconds(10) : .seconds(8) }, accountLoginDelay: { $0 < 3 ? .zero : .seconds(8) },
            trustsForwardedFor: true)
        try await fixture.application().test(.router) { client in
            // And three wrong passwords for the mediator from one address, sent at once
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await client.signInStatus("mediator", password: "wrong", from: "203.0.113.9") }
                }
                for try await status in group { #expect(status == .unauthorized) }
            }

            // When the mediator signs in from another address
            let waitsBefore = (fixture.delays.withLock { $0 }, fixture.accountDelays.withLock { $0 })
            let status = try await client.signInStatus("mediator", password: WebFixture.password, from: "198.51.100.4")

            // Then it succeeds without waiting for the flood's turns: no wait was asked for, on its address or
            // the account (today's 8 s would be the flood's), only the time of one password check
            #expect(status == .created)
            #expect(fixture.delays.withLock { $0 } == waitsBefore.0)
            #expect(fixture.accountDelays.withLock { $0 } == waitsBefore.1)
        }
    }

    @Test("past eight sign-ins waiting from one address, more are refused at once with 429 and Retry-After; others sign in")
    func waitingBounded() async throws {
        // Given a wait of 0.3 s for each failure or attempt in flight from the address
        let fixture = try WebFixture(loginDelay: { .milliseconds(300) * $0 }, trustsForwardedFor: true)
        try await fixture.application().test(.router) { client in
            // When twelve wrong passwords arrive at once from one address
            let clock = ContinuousClock()
            let started = clock.now
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, Duration).self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/v1/session", method: .post,
                            headers: [
                                .contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "203.0.113.9",
                            ],
                            body: ByteBuffer(string: "{\"username\":\"mediator\",\"password\":\"wrong\"}")
                        ) { ($0.status, $0.headers[.retryAfter], clock.now - started) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            // Then at most eight wait their turn and are refused as wrong; the rest are refused at once, with when
            // to try again, and hold no connection while the others wait
            let refused = answers.filter { $0.0 == .tooManyRequests }
            #expect(answers.filter { $0.0 == .unauthorized }.count <= 9)
            #expect(refused.count >= 3)
            #expect(answers.allSatisfy { $0.0 == .unauthorized || $0.0 == .tooManyRequests })
            // (answered before the attempts that waited their turns: the last of those waits 8.4 s)
            let longestWait = answers.filter { $0.0 == .unauthorized }.map(\.2).max() ?? .zero
            for answer in refused {
                #expect(Int(answer.1 ?? "") ?? 0 >= 1)
                #expect(answer.2 < longestWait - .seconds(3), "\(answer.2) against \(longestWait)")
            }
            // And the holder, from another address, signs in
            #expect(try await client.signInStatus("mediator", password: WebFixture.password, from: "198.51.100.4") == .created)
        }
    }

    @Test("wrong sign-ins with a different unknown name each are slowed by their address, whatever X-Forwarded-For says")
    func distinctNamesSlowed() async throws {
        // Given an app that does not trust X-Forwarded-For
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            // When four sign-ins come from one connection with four made-up names, claiming four addresses
            for index in 1...4 {
                let status = try await client.signInStatus("nobody-\(index)", password: "wrong", from: "10.0.0.\(index)")
                #expect(status == .unauthorized)
            }

            // Then each waits after the failures before it, as one address's
            #expect(fixture.delays.withLock { $0 } == [1, 2, 3])
        }
    }

    @Test("a guess spread over many addresses waits its turn on the account; a new address signs in past it")
    func distributedGuessPaced() async throws {
        // Given an app behind a proxy that sets X-Forwarded-For
        let fixture = try WebFixture(trustsForwardedFor: true)
        try await fixture.application().test(.router) { client in
            // When four addresses guess the mediator's password twice each
            for address in ["192.0.2.1", "192.0.2.2", "2001:db8::1", "192.0.2.4"] {
                for _ in 0..<2 {
                    #expect(try await client.signInStatus("mediator", password: "wrong", from: address) == .unauthorized)
                }
            }
            // Then each address's second guess waited on the account, after every failure on it so far
            #expect(fixture.accountDelays.withLock { $0 } == [1, 3, 5, 7])
            // And an IPv6 address counts as its /64
            #expect(try await client.signInStatus("mediator", password: "wrong", from: "2001:db8::2") == .unauthorized)
            #expect(fixture.accountDelays.withLock { $0 } == [1, 3, 5, 7, 8])

            // When the holder signs in from an address with no failures on the account
            let status = try await client.signInStatus("mediator", password: WebFixture.password, from: "198.51.100.4")

            // Then it does not wait on the account's lane
            #expect(status == .created)
            #expect(fixture.accountDelays.withLock { $0 } == [1, 3, 5, 7, 8])
        }
    }
}

import Foundation
import ParleyCore
import Synchronization

/// Where a sign-in comes from, as ``SignInThrottle`` counts it: an IPv4 address, or the /64 network of an IPv6
/// address, since one host usually holds a whole /64 and could otherwise take a new address for every guess.
///
/// Requests that carry no address (the router's tests, a Unix socket) share one key.
public struct ClientAddress: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// The address written as text: `192.0.2.7`, `2001:db8::1`, `::ffff:192.0.2.7` (counted as `192.0.2.7`); `nil`
    /// for no address. Text that is no IP address is kept as it is, up to 64 characters.
    public init(_ text: String?) {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            description = "none"
            return
        }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            description = withUnsafeBytes(of: v4) { $0.map { String($0) }.joined(separator: ".") }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                description = bytes.suffix(4).map { String($0) }.joined(separator: ".")
            } else {
                description = bytes.prefix(8).map { String(format: "%02x", $0) }.joined() + "::/64"
            }
        } else {
            description = String(text.prefix(64))
        }
    }
}

/// How long each sign-in waits before its password is checked, so that guessing is slow and stays slow
/// however many guesses arrive at once, while the account's holder still signs in from elsewhere.
///
/// Every attempt is kept on *lanes*. A lane has a count of failures and the instant from which it admits
/// its next attempt. An attempt reserves its turn on a lane before it sleeps:
/// `next = max(now, next) + delay(failures + pending)`, where `pending` counts the lane's attempts still
/// in flight, each taken to be the failure it may become. So N attempts that arrive together queue behind
/// each other and wait exactly as long as N attempts made one after the other, each after the last failed;
/// a failure is counted the moment it is decided, and its attempt stops being pending at the same time.
///
/// - The **address** lane holds every attempt from one ``ClientAddress``, whatever the username, known or
///   not, with ``WebConfiguration/loginDelay``. It slows one source guessing one password or spraying many
///   names. A successful sign-in does not reset it (one valid account would otherwise buy fresh guesses);
///   its failures are forgotten after ``forgetAfter`` without one.
/// - The **account** lane holds, for one username (known or not, so that the wait tells nothing about
///   which names exist), the attempts from addresses that have already failed on that name or have an
///   attempt on it in flight, with the gentler ``WebConfiguration/accountLoginDelay``. It caps the pace of
///   a guess spread over many addresses. An attempt joins it only once its address lane lets it go, so a
///   flood from one address holds at most one place in it at a time, and cannot push it far into the future.
/// - An address with no failures on a name signs in to it without the account lane: a flood from one
///   address, or from many, neither speeds guessing up nor locks out the holder signing in from another
///   address. The holder's own successful sign-in clears that address's failures on the name.
///
/// What this does not do: addresses behind one NAT share a lane, so a flood from it slows everyone behind it;
/// a guesser with many addresses makes one guess from each before the account lane applies to it; and the
/// lanes live in memory, so a restart forgets them (the account's count in the store, journaled, stays).
/// When ``keptPerLane`` keys of a kind are held, idle lanes whose failures are stale or none are forgotten;
/// lanes with recent failures are kept, so that a guesser cannot wipe them by taking many new addresses,
/// up to ``mostPerLane``, past which the idle lanes whose last failure is oldest go first.
final class SignInThrottle: Sendable {
    /// What became of an admitted attempt.
    enum Outcome {
        case succeeded, failed
        /// The attempt ended before its password was decided (cancelled, or the store failed): nothing is counted.
        case abandoned
    }

    /// An attempt that has waited its turn, to be settled with its ``Outcome``.
    struct Admission: Sendable {
        let username: String
        let address: ClientAddress
        /// Whether it waited on the account lane, which then holds it as pending.
        let viaAccountLane: Bool
    }

    /// At most this many attempts from one address wait at once; more are refused at once, so that one
    /// address cannot hold the server's connections with sign-ins asleep in their turns.
    static let mostWaitingPerAddress = 8
    static let keptPerLane = 10_000
    static let mostPerLane = 100_000
    static let forgetAfter = Duration.seconds(15 * 60)

    private let addressDelay: @Sendable (Int) -> Duration
    private let accountDelay: @Sendable (Int) -> Duration
    private let clock = ContinuousClock()
    private let state = Mutex(Lanes())

    init(addressDelay: @escaping @Sendable (Int) -> Duration, accountDelay: @escaping @Sendable (Int) -> Duration) {
        self.addressDelay = addressDelay
        self.accountDelay = accountDelay
    }

    /// Waits for the attempt's turn: on its address's lane, then, if the address has failed on this name,
    /// on the name's lane.
    func admit(username: String, from address: ClientAddress) async throws -> Admission {
        let pair = Pair(username: username, address: address)
        let reserved = state.withLock { lanes -> Result<(ContinuousClock.Instant, Bool), TooManySignIns> in
            let now = clock.now
            if let lane = lanes.addresses[address], lane.pending >= Self.mostWaitingPerAddress {
                return .failure(TooManySignIns(waiting: lane.pending, nextTurnIn: lane.next - now))
            }
            let turn = lanes.addresses.reserve(address, at: now, delay: addressDelay)
            var tally = lanes.pairs.take(pair, at: now)
            let hasFailed = tally.failures + tally.pending > 0
            tally.pending += 1
            lanes.pairs[pair] = tally
            return .success((turn, hasFailed))
        }
        let (turn, viaAccountLane) = try reserved.get()
        var reservedOnAccountLane = false
        do {
            try await clock.sleep(until: turn)
            if viaAccountLane {
                let turn = state.withLock { lanes in
                    lanes.accounts.reserve(username, at: clock.now, delay: accountDelay)
                }
                reservedOnAccountLane = true
                try await clock.sleep(until: turn)
            }
        } catch {
            settle(Admission(username: username, address: address, viaAccountLane: reservedOnAccountLane), .abandoned)
            throw error
        }
        return Admission(username: username, address: address, viaAccountLane: viaAccountLane)
    }

    /// Counts the attempt's outcome on its lanes and releases its place in them.
    func settle(_ admission: Admission, _ outcome: Outcome) {
        let pair = Pair(username: admission.username, address: admission.address)
        state.withLock { lanes in
            let now = clock.now
            lanes.addresses.settle(admission.address, at: now, wasPending: true, failed: outcome == .failed)
            lanes.accounts.settle(
                admission.username, at: now, wasPending: admission.viaAccountLane, failed: outcome == .failed)
            lanes.pairs.settle(pair, at: now, wasPending: true, failed: outcome == .failed)
            if outcome == .succeeded { lanes.pairs[pair]?.failures = 0 }
        }
    }

    private struct Pair: Hashable {
        let username: String
        let address: ClientAddress
    }

    private struct Lanes {
        var addresses: [ClientAddress: Lane] = [:]
        var accounts: [String: Lane] = [:]
        /// Failures and attempts in flight of one name from one address; only their counts are used.
        var pairs: [Pair: Lane] = [:]
    }
}

/// A sign-in refused at once because its address has ``SignInThrottle/mostWaitingPerAddress`` attempts waiting.
struct TooManySignIns: ParleyError {
    let waiting: Int
    /// When the address's next turn comes.
    let nextTurnIn: Duration

    /// Whole seconds until the next turn, at least one, for `Retry-After`.
    var retryAfter: Int { max(1, Int(nextTurnIn.components.seconds) + 1) }

    var code: String { "sign-in.too-many" }
    var message: String { "\(waiting) sign-ins from this address are already waiting their turn" }
    var remedy: String { "Wait for them to be answered, then sign in again in \(retryAfter) s or later" }
}

/// One lane of ``SignInThrottle``: its failures, its attempts in flight, and when it admits the next.
private struct Lane {
    var failures = 0
    var pending = 0
    var next: ContinuousClock.Instant
    var lastFailure: ContinuousClock.Instant?

    /// Whether nothing is waiting on the lane or in flight.
    func isIdle(at now: ContinuousClock.Instant) -> Bool { pending == 0 && next <= now }

    /// Whether the lane's last failure is older than ``SignInThrottle/forgetAfter``.
    func isStale(at now: ContinuousClock.Instant) -> Bool {
        lastFailure.map { now - $0 > SignInThrottle.forgetAfter } ?? true
    }
}

extension Dictionary where Value == Lane {
    /// The lane for `key`, its failures forgotten if stale; a new one, after making room if the lanes are full.
    fileprivate mutating func take(_ key: Key, at now: ContinuousClock.Instant) -> Lane {
        if var lane = self[key] {
            if lane.pending == 0 && lane.isStale(at: now) {
                lane.failures = 0
                lane.lastFailure = nil
            }
            return lane
        }
        if count >= SignInThrottle.keptPerLane {
            self = filter { !($0.value.isIdle(at: now) && ($0.value.isStale(at: now) || $0.value.failures == 0)) }
        }
        if count >= SignInThrottle.mostPerLane {
            let oldest = filter { $0.value.isIdle(at: now) }
                .sorted { ($0.value.lastFailure ?? now) < ($1.value.lastFailure ?? now) }
                .prefix(count - SignInThrottle.mostPerLane / 2).map(\.key)
            for key in oldest { removeValue(forKey: key) }
        }
        return Lane(next: now)
    }

    /// Reserves the next turn on `key`'s lane: after the turns already reserved, and after the delay its
    /// failures and pending attempts call for. The attempt is pending until settled.
    fileprivate mutating func reserve(
        _ key: Key, at now: ContinuousClock.Instant, delay: (Int) -> Duration
    ) -> ContinuousClock.Instant {
        var lane = take(key, at: now)
        let count = lane.failures + lane.pending
        let turn = Swift.max(now, lane.next) + (count > 0 ? delay(count) : .zero)
        lane.next = turn
        lane.pending += 1
        self[key] = lane
        return turn
    }

    /// Releases an attempt's place on `key`'s lane, and counts its failure.
    fileprivate mutating func settle(_ key: Key, at now: ContinuousClock.Instant, wasPending: Bool, failed: Bool) {
        var lane = take(key, at: now)
        if wasPending { lane.pending = Swift.max(0, lane.pending - 1) }
        if failed {
            lane.failures += 1
            lane.lastFailure = now
        }
        self[key] = lane
    }
}

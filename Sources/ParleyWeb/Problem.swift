import Foundation
import Hummingbird
import NIOCore
import ParleyCore
import ParleyJSON
import ParleyLedger
import ParleyStore

/// An RFC 9457 problem document: how the API reports every error.
struct Problem: Representation {
    static let name = "Problem"
    static let shape = JSONShape.object([
        "type": .string, "title": .string, "status": .integer, "detail": .string, "code": .string,
        "problems": .nullable(
            .array(
                of: .object([
                    "file": .string, "line": .integer, "column": .string,
                    // At most 100 characters of it, and its length when cut.
                    "value": .string, "reason": .string,
                ]))),
    ])

    let type: String
    let title: String
    let status: Int
    let detail: String
    /// Parley's code for the error, such as `access.denied`.
    let code: String
    /// For a refused registry file, each bad value: where it is, what it is, and why.
    let problems: [RowProblem]?

    init(status: HTTPResponse.Status, code: String, title: String, detail: String, problems: [RowProblem]? = nil) {
        self.type = "urn:parley:problem:\(code)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.code = code
        self.problems = problems
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// How an error is answered: its HTTP status and the words a person reads.
struct ErrorAnswer {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let remedy: String
    /// Seconds after which the client may try again, for `Retry-After`: set when the database was busy, or when
    /// too many sign-ins from one address wait.
    var retryAfter: Int? = nil
    /// The bad values of a refused registry file, each quoted at most ``QuotedValue/maximumLength`` characters long.
    var rowProblems: [RowProblem]? = nil

    init(_ error: any Error) {
        switch error {
        case let error as SignInRequired:
            self.init(.unauthorized, error)
        case let error as AccessDenied:
            self.init(.forbidden, error)
        case let error as CrossSiteRequest:
            self.init(.forbidden, error)
        case let error as BodyTooLarge:
            self.init(.contentTooLarge, error)
        case let error as SpoolFailed:
            self.init(.serviceUnavailable, error)
        case let error as TooManySignIns:
            self.init(.tooManyRequests, error)
            retryAfter = error.retryAfter
        case is NIOTooManyBytesError:
            self.init(.contentTooLarge, BodyTooLarge(limit: RequestLimits().formBody, declared: nil))
        case let error as InvalidBody:
            self.init(.badRequest, error)
        case let error as MalformedForm:
            self.init(.badRequest, error)
        case let error as FormFieldError:
            self.init(.badRequest, error)
        case let error as StoreError:
            switch error {
            case .busy(let waited):
                self.init(.serviceUnavailable, error)
                retryAfter = max(1, Int(waited.rounded(.up)))
            case .unknownParty, .unknownRecord, .unknownRound, .unknownAgreement, .unknownList, .unknownReference,
                .unknownCandidate:
                self.init(.notFound, error)
            case .partyExists, .listExists, .keyRegistered:
                self.init(.conflict, error)
            case .importRejected(_, let problems, _):
                self.init(.unprocessableContent, error)
                rowProblems = problems
            default:
                self.init(.unprocessableContent, error)
            }
        case let error as ListRefusal:
            self.init(.conflict, error)
        case let error as PeerRequestError:
            switch error {
            case .missing, .malformed, .bodyChanged: self.init(.badRequest, error)
            case .unknownPeer, .badSignature, .outsideWindow: self.init(.unauthorized, error)
            case .notForThisNode: self.init(.misdirectedRequest, error)
            }
        case let error as CarryFileError:
            self.init(.badRequest, error)
        case let error as InvalidOutcome:
            switch error {
            case .alreadyRecorded, .directionsOpen, .nothingOpen, .alreadyClosed:
                self.init(.conflict, error)
            case .dateNotFull, .substitute, .substituteFails, .partialWithoutReason, .nobodyDelivered:
                self.init(.unprocessableContent, error)
            }
        case let error as ParleyError:
            self.init(.unprocessableContent, error)
        case let error as HTTPError:
            self.init(
                status: error.status, code: "http.\(error.status.code)", message: error.body ?? error.status.reasonPhrase,
                remedy: "Check the address and the request")
        default:
            self.init(
                status: .internalServerError, code: "internal", message: "something went wrong on the server",
                remedy: "Try again; if it happens again, tell the administrator the time it happened")
        }
    }

    private init(_ status: HTTPResponse.Status, _ error: some ParleyError) {
        self.init(status: status, code: error.code, message: error.message, remedy: error.remedy)
    }

    /// The words are bounded whatever an error quotes: each value it quotes is shortened where it is
    /// written (``QuotedValue``), and the message as a whole here, so no answer grows with its request.
    private init(status: HTTPResponse.Status, code: String, message: String, remedy: String) {
        self.status = status
        self.code = code
        self.message = QuotedValue.shortened(message, maximumLength: Self.longestMessage)
        self.remedy = QuotedValue.shortened(remedy, maximumLength: Self.longestMessage)
    }

    static let longestMessage = 2_000

    /// The response with the headers the answer asks for, such as `Retry-After`.
    func with(_ response: Response) -> Response {
        var response = response
        if let retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
        return response
    }

    var problem: Problem {
        Problem(status: status, code: code, title: message, detail: "\(message). \(remedy).", problems: rowProblems)
    }
}

/// Turns every error into an answer: a problem document under `/api/`, a page elsewhere, and a
/// redirect to sign in for a page that needs a session.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let answer = ErrorAnswer(error)
            if answer.status == .internalServerError { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
            if request.uri.path.hasPrefix("/api/") { return answer.with(answer.problem.response) }
            if error is SignInRequired {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            var response: Response
            do {
                response = try views.page(
                    "error", title: answer.message, context: context,
                    values: ["status": answer.status.code, "message": answer.message, "remedy": answer.remedy])
            } catch {
                context.logger.error("the error page could not be rendered: \(error)")
                response = Response(
                    status: answer.status, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "\(answer.message). \(answer.remedy).\n")))
            }
            response.status = answer.status
            return answer.with(response)
        }
    }
}

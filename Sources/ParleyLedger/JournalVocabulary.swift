/// What a journal entry says was done: the one list of the actions Parley journals.
///
/// The raw value is what the entry holds and what its hash covers, so a case is never renamed once
/// journals hold it; a new action is a new case.
public enum JournalAction: String, CaseIterable, Sendable, Codable {
    case partyRegister = "party.register"
    /// A registry file imported: the import's entry, after those of its records.
    case registryImport = "registry.import"
    case recordRegister = "record.register"
    case recordStatus = "record.status"
    case roundRecord = "round.record"
    case agreementRecord = "agreement.record"
    case agreementSettle = "agreement.settle"
    case exchangeRecord = "exchange.record"
    case keyRegister = "key.register"
    case listDraft = "list.draft"
    case listEdit = "list.edit"
    case listVersion = "list.version"
    case listFreeze = "list.freeze"
    case listApprove = "list.approve"
    case handoverOutcome = "handover.outcome"
    case matchRun = "match.run"
    case matchDecide = "match.decide"
    case userAdd = "user.add"
    case userDisable = "user.disable"
    case userEnable = "user.enable"
    case userLogin = "user.login"
    case userLoginFailed = "user.login-failed"
    /// This database became a node, or registered a peer.
    case nodeInit = "node.init"
    case peerAdd = "peer.add"
    /// A transmission made for a peer, and the receipt that came back for it.
    case transmissionSend = "transmission.send"
    case transmissionReceipt = "transmission.receipt"
    /// A transmission from a peer accepted (and applied, or set to wait for one before it), and applied later.
    case transmissionReceive = "transmission.receive"
    case transmissionApply = "transmission.apply"
    /// A registry record as a peer transmitted it, added or changed here.
    case recordReceive = "record.receive"
    /// A peer's checkpoint cosigned; a cosignature of this node's checkpoint received; a peer's journal found wrong.
    case checkpointCosign = "checkpoint.cosign"
    case checkpointCosigned = "checkpoint.cosigned"
    case witnessAlarm = "witness.alarm"
}

/// The kinds of thing a journal entry is about: its subject `record:17` is of the kind `record`.
///
/// The raw value is the subject's prefix in the journal, so a case is never renamed once journals
/// hold it.
public enum SubjectKind: String, CaseIterable, Sendable, Codable {
    case party
    case `import`
    case record
    case round
    case agreement
    case exchange
    case key
    case list
    case listVersion = "list_version"
    case approval
    case outcome
    case matchRun = "match_run"
    case decision
    case user
    /// A sign-in under a username that no account has (`login:unknown`): journaled, with no state.
    case login
    /// This node or a peer (`node:UA`).
    case node
    /// A transmission sent or received (`transmission:sent.ICRC.17`).
    case transmission
    /// The newest checkpoint cosigned of a peer's journal (`witnessed:parley/UA`).
    case witnessed
    /// A peer's cosignature of this node's checkpoint (`cosignature:ICRC.1042`).
    case cosignature
    /// A peer's journal found rewritten or forked (`alarm:3`).
    case alarm

    /// Whether the subjects of this kind have states that a table holds, which verification compares
    /// with their last journaled state.
    public var hasState: Bool { self != .login }
}

/// The subject name for a kind of thing and its id: `record:17`.
public func journalSubject(_ kind: SubjectKind, _ id: some CustomStringConvertible) -> String {
    "\(kind.rawValue):\(id)"
}

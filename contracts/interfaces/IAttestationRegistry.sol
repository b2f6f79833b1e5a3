// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice What an attestation states. The first six are agency services (bit k of an agency's accreditation);
/// the enterprise discloses its own operating data; the regulator publishes supervision notices.
enum AttestationKind {
    Identity,
    CreditRating,
    Guarantee,
    Insurance,
    IPValuation,
    Audit,
    OperatingDisclosure,
    SupervisionNotice
}

/// @notice What an author asks to record. `subject` is a loan (`bytes32(loanId)`), a participant
/// (`bytes32(uint256(uint160(account)))`) or another attestation's uid. `value` depends on the kind (credit
/// rating code, guarantee coverage, revenue, ...); `dataHash` commits to the off-chain report.
struct AttestationRequest {
    AttestationKind kind;
    bytes32 subject;
    uint256 value;
    bytes32 dataHash;
    bytes32 refUID;
    /// @dev 0 = no expiry.
    uint40 expiresAt;
}

/// @notice What the chain keeps of an attestation; `dataHash` and `refUID` live in the uid and the event.
/// @dev Three slots: the first packs author, kind, expiry and revocation time.
struct Attestation {
    address attester;
    AttestationKind kind;
    uint40 expiresAt;
    uint40 revokedAt;
    bytes32 subject;
    uint256 value;
}

/// @title Append-only register of attestations.
interface IAttestationRegistry {
    error AttestationKindNotAllowed(AttestationKind kind);
    error AttestationAlreadyExists(bytes32 uid);
    error AttestationNotFound(bytes32 uid);
    error AttestationUnknownReference(bytes32 refUID);
    error AttestationInvalidExpiry(uint40 expiresAt);
    error AttestationAlreadyRevoked(bytes32 uid);
    error AttestationNotRevocableBy(bytes32 uid, address account);
    error AttestationDeadlinePassed(uint256 deadline);
    error AttestationInvalidSignature(address attester);
    /// @notice Only the registry's committee may do this (upgrade the contract).
    error AttestationNotCommittee(address caller);
    /// @notice A revocation or a supervision notice must say what it says, in words: the text is the public record.
    error AttestationEmptyText();

    /// @notice `relayer` is the account that sent the transaction (equal to `attester` when direct).
    event Attested(
        bytes32 indexed uid,
        address indexed attester,
        bytes32 indexed subject,
        AttestationKind kind,
        uint256 value,
        bytes32 dataHash,
        bytes32 refUID,
        uint40 expiresAt,
        address relayer
    );
    event OperatingDisclosed(bytes32 indexed uid, address indexed enterprise, uint32 period, uint256 revenue);
    /// @notice `reason` is the text given; `reasonHash` its keccak256, so a copy of the text elsewhere can be checked.
    event AttestationRevoked(bytes32 indexed uid, address indexed revoker, bytes32 reasonHash, string reason);
    /// @notice The words of supervision notice `uid`; its {Attested} event's `dataHash` is their keccak256.
    event NoticePublished(bytes32 indexed uid, bytes32 indexed subject, string text);
    /// @notice `attester` gave up signature nonce `nonce`: nothing it signed with that nonce can be relayed.
    event NonceCancelled(address indexed attester, uint256 nonce);

    function attest(AttestationRequest calldata request) external returns (bytes32 uid);
    function attestBySignature(
        AttestationRequest calldata request,
        address attester,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 uid);
    function disclose(uint32 period, uint256 revenue, bytes32 dataHash) external returns (bytes32 uid);
    function revoke(bytes32 uid, string calldata reason) external;
    /// @notice The caller, an active regulator, publishes supervision notice `text` about `subject` with
    /// `severity` (the attestation's value), optionally referring to attestation `refUID`. The text is recorded in
    /// the event, its hash as the attestation's `dataHash` ({AttestationEmptyText} when empty). Open while the
    /// platform is paused. Emits {Attested} and {NoticePublished}.
    function publishNotice(bytes32 subject, uint256 severity, bytes32 refUID, string calldata text)
        external
        returns (bytes32 uid);
    function cancelNonce(uint256 nonce) external;

    function getAttestation(bytes32 uid) external view returns (Attestation memory);
    /// @notice Not revoked, not expired, and its author still admitted and accredited for its kind.
    function isValid(bytes32 uid) external view returns (bool);
    function disclosurePeriod(bytes32 uid) external view returns (uint32);
    function nonces(address attester) external view returns (uint256);
    function uidOf(AttestationRequest calldata request, address attester, uint256 blockNumber)
        external
        pure
        returns (bytes32);
}

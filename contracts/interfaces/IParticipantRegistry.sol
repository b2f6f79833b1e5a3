// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice The six kinds of participant the regulator admits.
enum Role {
    None,
    Regulator,
    Operator,
    Custodian,
    Agency,
    Investor,
    Enterprise
}

/// @notice Lifecycle of an admission. Expiry is not a status: it is read from `expiresAt` at call time.
enum Status {
    None,
    Active,
    Suspended,
    Revoked
}

/// @notice Business scale of an enterprise, as classified by the regulator.
enum BusinessScale {
    None,
    Micro,
    Small,
    Medium
}

/// @dev Bits of the six agency kinds (identity .. audit) in AttestationKind order: what an agency may be accredited
/// for, what the operator may request of it, and what the policy may require at listing. One declaration for every
/// contract; lib/attestations.ts derives the same mask and test/sdk/attestations.test.ts keeps the two equal.
uint8 constant AGENCY_KINDS_MASK = 0x3F;

/// @notice Admission record of one account.
/// @dev Packed into a single slot so that every role check costs one SLOAD.
struct Participant {
    Role role;
    Status status;
    /// @dev Bit `k` set = accredited for attestation kind `k` (agencies only; see AttestationKind).
    uint8 agencyKinds;
    /// @dev Investor suitability level 1-5 set by the operator; 0 = not yet assessed.
    uint8 suitability;
    BusinessScale scale;
    uint40 admittedAt;
    uint40 expiresAt;
}

/// @notice Regulator policy, read by the LoanBook when each rule applies: the rate cap at publication and listing;
/// the fee cap, the enterprise cap, the required attestation kinds and the drawdown period at listing; the
/// minimum contribution at funding; the grace and default periods when a loan is declared late or in default.
/// Each reads the policy in force at that moment.
struct Policy {
    /// @dev Loan prime rate in basis points a year.
    uint16 lprBps;
    /// @dev Highest annual rate a loan may carry, in basis points (default 4 x LPR).
    uint16 rateCapBps;
    /// @dev Highest platform fee at disbursement, in basis points of the principal.
    uint16 feeCapBps;
    /// @dev Bitmask of attestation kinds that must be valid before a demand is listed.
    uint8 requiredKinds;
    /// @dev Seconds after an instalment's due date before the loan may be declared late.
    uint32 gracePeriod;
    /// @dev Seconds after an instalment's due date before the loan may be declared in default.
    uint32 defaultPeriod;
    /// @dev Highest principal an enterprise may have outstanding over all its listed and active loans.
    uint128 enterpriseCap;
    /// @dev Seconds after the funding deadline during which the enterprise may draw a funded loan; after it
    /// anyone may cancel the undrawn loan and its investors take refunds.
    uint32 drawdownPeriod;
    /// @dev Smallest contribution to a raise, in token units, unless it fills what remains of the target.
    uint128 minContribution;
}

/// @title Admission of participants and the regulator's policy.
interface IParticipantRegistry {
    error RegistryNotAdmitted(address account);
    error RegistryAlreadyAdmitted(address account);
    error RegistryAdmissionExpired(address account, uint40 expiresAt);
    error RegistryNotActive(address account, Status status);
    error RegistryWrongRole(address account, Role needed, Role actual);
    error RegistryNotAccredited(address account, uint8 kind);
    error RegistryInvalidRole(Role role);
    error RegistryInvalidExpiry(uint40 expiresAt);
    error RegistryInvalidStatus(address account, Status status);
    error RegistryInvalidSuitability(uint8 level);
    error RegistryInvalidAgencyKinds(uint8 kinds);
    error RegistryInvalidScale(BusinessScale scale);
    error RegistryInvalidPolicy();
    error RegistryZeroAddress();
    /// @notice The platform is paused: only repayment and the regulator's and custodian's listed actions run.
    error RegistryPaused();
    /// @notice Only the supervisory committee, through an approved proposal, may do this.
    error RegistryNotCommittee(address caller);
    /// @notice Removing this member would leave fewer members in office than the committee's threshold.
    error RegistryBelowThreshold(uint256 membersInOffice, uint8 threshold);
    error RegistryInvalidMembers();
    /// @notice A suspension or a revocation must say why, in words: the reason is part of the public record.
    error RegistryEmptyReason();

    event ParticipantAdmitted(
        address indexed account,
        Role indexed role,
        uint8 agencyKinds,
        BusinessScale scale,
        uint40 expiresAt,
        bytes32 credentialHash,
        address indexed regulator
    );
    event AdmissionRenewed(address indexed account, uint40 expiresAt, bytes32 credentialHash, address indexed regulator);
    /// @notice `reason` is the text given; `reasonHash` its keccak256, so a copy of the text elsewhere can be checked.
    event ParticipantSuspended(address indexed account, bytes32 reasonHash, string reason, address indexed regulator);
    event ParticipantReinstated(address indexed account, address indexed regulator);
    /// @notice `reason` is the text given; `reasonHash` its keccak256.
    event ParticipantRevoked(address indexed account, bytes32 reasonHash, string reason, address indexed regulator);
    event AgencyKindsSet(address indexed agency, uint8 agencyKinds, address indexed regulator);
    event SuitabilitySet(address indexed investor, uint8 level, address indexed by);
    /// @notice Carries the whole policy, so the policy in force at any block is the last event before it.
    event PolicySet(Policy policy, address indexed regulator);
    event PlatformContractSet(address indexed account, bool allowed, address indexed regulator);
    event PauseSet(bool paused, address indexed regulator);

    function participant(address account) external view returns (Participant memory);
    /// @notice The supervisory committee, which alone holds the regulator's sensitive powers.
    function committee() external view returns (address);
    /// @notice Regulators (committee members) in status Active, whether or not their admission has lapsed.
    function membersInOffice() external view returns (uint256);
    function renew(address account, uint40 expiresAt, bytes32 credential) external;
    function setPolicy(Policy calldata newPolicy) external;
    function credentialHash(address account) external view returns (bytes32);
    function policy() external view returns (Policy memory);
    function paused() external view returns (bool);
    function isPlatformContract(address account) external view returns (bool);

    /// @notice True when `account` is admitted, in status Active and not past its expiry.
    function isActive(address account) external view returns (bool);
    /// @notice True when `account` may hold and move the deposit token (active participant or platform contract).
    function canHold(address account) external view returns (bool);
    /// @notice Reverts with the precise reason unless `account` is an active participant of `role`.
    function requireActive(address account, Role role) external view returns (Participant memory);
    /// @notice Reverts unless `account` is an active agency accredited for attestation kind `kind` and the
    /// platform is not paused ({RegistryPaused}).
    function requireAccredited(address account, uint8 kind) external view;
    /// @notice Everything the deposit token checks before moving a balance, in one call: the pause, whether
    /// `from` and `to` may hold the token (true for the zero address of a mint or burn), and whether `to` is a
    /// platform contract.
    function transferCheck(address from, address to)
        external
        view
        returns (bool paused_, bool fromAllowed, bool toAllowed, bool toPlatform);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {
    IParticipantRegistry, Participant, Policy, Role, Status, BusinessScale, AGENCY_KINDS_MASK
} from "./interfaces/IParticipantRegistry.sol";
import {ISupervisoryCommittee} from "./interfaces/ISupervisoryCommittee.sol";

/// @title ParticipantRegistry
/// @notice Who may take part, in which role, until when, and under which policy. Regulators admit every
/// participant with an expiry and a hash of its credential dossier; nothing moves for an account that is not
/// admitted and active. An admission past its expiry is inactive without anyone calling anything.
/// The Regulators are the members of the supervisory committee: one of them alone takes routine admissions and
/// emergency measures; the committee (M of them, through a proposal) admits, renews and removes members, revokes,
/// reinstates, sets the policy and unpauses.
/// @dev Deployed behind an ERC-1967 proxy (UUPS); only the committee may install a new implementation. Every
/// mutable field lives in one ERC-7201 namespaced struct, so a new implementation can add fields at its end.
contract ParticipantRegistry is IParticipantRegistry, Initializable, UUPSUpgradeable {
    uint8 internal constant MAX_SUITABILITY = 5;

    /// @custom:storage-location erc7201:smefin.storage.ParticipantRegistry
    struct RegistryStorage {
        mapping(address account => Participant) participants;
        mapping(address account => bytes32) credentialHash;
        mapping(address account => bool) isPlatformContract;
        Policy policy;
        bool paused;
        address committee;
        uint256 membersInOffice;
    }

    // keccak256(abi.encode(uint256(keccak256("smefin.storage.ParticipantRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x7621b1d409d94f613002606d3944e0db248182bc980319e966ef164f095ed000;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @param committee_ The supervisory committee (its address may be computed before it is deployed).
    /// @param members The first committee members, admitted as Regulators until `membersExpireAt`.
    /// @param credentials Hash of each member's mandate.
    /// @param platformContracts Contracts that may hold the deposit token from the start (the LoanBook).
    function initialize(
        address committee_,
        address[] calldata members,
        bytes32[] calldata credentials,
        uint40 membersExpireAt,
        address[] calldata platformContracts
    ) external initializer {
        if (committee_ == address(0)) revert RegistryZeroAddress();
        if (members.length == 0 || members.length != credentials.length) revert RegistryInvalidMembers();
        if (membersExpireAt <= block.timestamp) revert RegistryInvalidExpiry(membersExpireAt);
        __UUPSUpgradeable_init();
        _storage().committee = committee_;
        _admitMembers(members, credentials, membersExpireAt);
        for (uint256 i; i < platformContracts.length; ++i) {
            _setPlatformContract(platformContracts[i], true);
        }
        _setPolicy(
            Policy({
                lprBps: 300, // 3.00 %, the one-year loan prime rate
                rateCapBps: 1200, // 4 x LPR, the judicial ceiling on private lending
                feeCapBps: 300,
                requiredKinds: 0x03, // identity and credit rating
                gracePeriod: 7 days,
                defaultPeriod: 90 days,
                enterpriseCap: 1_000_000e6,
                drawdownPeriod: 30 days,
                minContribution: 1e6 // one token
            }),
            msg.sender
        );
    }

    function _admitMembers(address[] calldata members, bytes32[] calldata credentials, uint40 expiresAt) private {
        for (uint256 i; i < members.length; ++i) {
            _admit(members[i], Role.Regulator, 0, BusinessScale.None, expiresAt, credentials[i]);
        }
    }

    modifier onlyRegulator() {
        _requireActive(msg.sender, Role.Regulator);
        _;
    }

    modifier onlyCommittee() {
        _requireCommittee();
        _;
    }

    // ---------------------------------------------------------------- admissions

    /// @notice Admits `account` in `role` until `expiresAt`.
    /// Requirements: caller is an active regulator, or the committee when `role` is Regulator; `account` was
    /// never admitted (a revoked account stays revoked); agencies name at least one kind; enterprises name their
    /// business scale.
    /// Emits {ParticipantAdmitted}.
    function admit(
        address account,
        Role role,
        uint8 agencyKinds,
        BusinessScale scale,
        uint40 expiresAt,
        bytes32 credential
    ) external {
        if (role == Role.Regulator) _requireCommittee();
        else _requireActive(msg.sender, Role.Regulator);
        _admit(account, role, agencyKinds, scale, expiresAt, credential);
    }

    function _admit(
        address account,
        Role role,
        uint8 agencyKinds,
        BusinessScale scale,
        uint40 expiresAt,
        bytes32 credential
    ) internal {
        if (account == address(0)) revert RegistryZeroAddress();
        if (_storage().participants[account].role != Role.None) revert RegistryAlreadyAdmitted(account);
        if (role == Role.None) revert RegistryInvalidRole(role);
        if (expiresAt <= block.timestamp) revert RegistryInvalidExpiry(expiresAt);
        if (role == Role.Agency) {
            if (agencyKinds == 0 || agencyKinds & ~AGENCY_KINDS_MASK != 0) revert RegistryInvalidAgencyKinds(agencyKinds);
        } else if (agencyKinds != 0) {
            revert RegistryInvalidAgencyKinds(agencyKinds);
        }
        if ((role == Role.Enterprise) != (scale != BusinessScale.None)) revert RegistryInvalidScale(scale);

        _storage().participants[account] = Participant({
            role: role,
            status: Status.Active,
            agencyKinds: agencyKinds,
            suitability: 0,
            scale: scale,
            admittedAt: uint40(block.timestamp),
            expiresAt: expiresAt
        });
        _storage().credentialHash[account] = credential;
        if (role == Role.Regulator) ++_storage().membersInOffice;
        emit ParticipantAdmitted(account, role, agencyKinds, scale, expiresAt, credential, msg.sender);
    }

    /// @notice Extends an admission and records the renewed credential dossier.
    /// Requirements: caller is an active regulator, or the committee when `account` is a Regulator (members whose
    /// own admission lapsed still take part in that proposal, so time alone never locks the committee out); the
    /// account is admitted and not revoked.
    /// Emits {AdmissionRenewed}.
    function renew(address account, uint40 expiresAt, bytes32 credential) external {
        Participant storage p = _admitted(account);
        _requireAuthorityOver(p);
        if (p.status == Status.Revoked) revert RegistryInvalidStatus(account, p.status);
        if (expiresAt <= block.timestamp) revert RegistryInvalidExpiry(expiresAt);
        p.expiresAt = expiresAt;
        _storage().credentialHash[account] = credential;
        emit AdmissionRenewed(account, expiresAt, credential, msg.sender);
    }

    /// @notice Suspends an active participant (a freeze of the participant); reversible by {reinstate}.
    /// Requirements: caller is an active regulator (an emergency measure, at once), or the committee when
    /// `account` is a Regulator; a Regulator is never suspended below the committee's threshold.
    /// `reason` says why in words ({RegistryEmptyReason} when empty). Emits {ParticipantSuspended}.
    function suspend(address account, string calldata reason) external {
        bytes32 reasonHash = _reasonHash(reason);
        Participant storage p = _admitted(account);
        _requireAuthorityOver(p);
        if (p.status != Status.Active) revert RegistryInvalidStatus(account, p.status);
        _leaveOffice(p);
        p.status = Status.Suspended;
        emit ParticipantSuspended(account, reasonHash, reason, msg.sender);
    }

    /// @notice Lifts a suspension. Only the committee undoes an emergency measure. Emits {ParticipantReinstated}.
    function reinstate(address account) external onlyCommittee {
        Participant storage p = _admitted(account);
        if (p.status != Status.Suspended) revert RegistryInvalidStatus(account, p.status);
        p.status = Status.Active;
        if (p.role == Role.Regulator) ++_storage().membersInOffice;
        emit ParticipantReinstated(account, msg.sender);
    }

    /// @notice Revokes an admission for good; the record stays for the audit trail. Irreversible, so only the
    /// committee revokes; a Regulator is never revoked below the committee's threshold. `reason` says why in words
    /// ({RegistryEmptyReason} when empty). Emits {ParticipantRevoked}.
    function revoke(address account, string calldata reason) external onlyCommittee {
        bytes32 reasonHash = _reasonHash(reason);
        Participant storage p = _admitted(account);
        if (p.status == Status.Revoked) revert RegistryInvalidStatus(account, p.status);
        if (p.status == Status.Active) _leaveOffice(p);
        p.status = Status.Revoked;
        emit ParticipantRevoked(account, reasonHash, reason, msg.sender);
    }

    /// @notice Changes the attestation kinds an agency is accredited for. Emits {AgencyKindsSet}.
    function setAgencyKinds(address agency, uint8 agencyKinds) external onlyRegulator {
        Participant storage p = _admitted(agency);
        if (p.role != Role.Agency) revert RegistryWrongRole(agency, Role.Agency, p.role);
        if (agencyKinds == 0 || agencyKinds & ~AGENCY_KINDS_MASK != 0) revert RegistryInvalidAgencyKinds(agencyKinds);
        p.agencyKinds = agencyKinds;
        emit AgencyKindsSet(agency, agencyKinds, msg.sender);
    }

    /// @notice Records an investor's suitability level (1 = lowest risk tolerance .. 5 = highest).
    /// Requirements: caller is an active operator (platform not paused) or regulator; `investor` is an admitted
    /// investor. Emits {SuitabilitySet}.
    function setSuitability(address investor, uint8 level) external {
        Participant memory caller = _storage().participants[msg.sender];
        if (caller.role == Role.Regulator) {
            _requireActive(msg.sender, Role.Regulator);
        } else {
            if (_storage().paused) revert RegistryPaused();
            _requireActive(msg.sender, Role.Operator);
        }
        if (level == 0 || level > MAX_SUITABILITY) revert RegistryInvalidSuitability(level);
        Participant storage p = _admitted(investor);
        if (p.role != Role.Investor) revert RegistryWrongRole(investor, Role.Investor, p.role);
        p.suitability = level;
        emit SuitabilitySet(investor, level, msg.sender);
    }

    // ---------------------------------------------------------------- policy and platform

    /// @notice Replaces the policy. The rate cap may not exceed 4 x LPR, the judicial ceiling.
    /// Emits {PolicySet} with the whole new policy.
    function setPolicy(Policy calldata newPolicy) external onlyCommittee {
        _setPolicy(newPolicy, msg.sender);
    }

    /// @notice Lets a platform contract (the LoanBook) hold and move the deposit token. Emits {PlatformContractSet}.
    function setPlatformContract(address account, bool allowed) external onlyCommittee {
        _setPlatformContract(account, allowed);
    }

    function _setPlatformContract(address account, bool allowed) internal {
        if (account == address(0)) revert RegistryZeroAddress();
        _storage().isPlatformContract[account] = allowed;
        emit PlatformContractSet(account, allowed, msg.sender);
    }

    /// @notice Stops (or resumes) every platform operation except repayment: the LoanBook, token transfers and
    /// mints, attestations by agencies and enterprises, operators' suitability records. The regulator's own
    /// actions (admissions, suspensions, policy, freezes, supervision notices, unpausing) and the custodian's
    /// burns stay open. Any active regulator pauses at once; only the committee resumes. Emits {PauseSet}.
    function setPaused(bool paused_) external {
        if (paused_) _requireActive(msg.sender, Role.Regulator);
        else _requireCommittee();
        _storage().paused = paused_;
        emit PauseSet(paused_, msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @notice The account allowed to upgrade the platform's contracts.
    function committee() external view returns (address) {
        return _storage().committee;
    }

    /// @inheritdoc IParticipantRegistry
    function membersInOffice() external view returns (uint256) {
        return _storage().membersInOffice;
    }

    function credentialHash(address account) external view returns (bytes32) {
        return _storage().credentialHash[account];
    }

    function isPlatformContract(address account) external view returns (bool) {
        return _storage().isPlatformContract[account];
    }

    function paused() external view returns (bool) {
        return _storage().paused;
    }

    function participant(address account) external view returns (Participant memory) {
        return _storage().participants[account];
    }

    function policy() external view returns (Policy memory) {
        return _storage().policy;
    }

    function isActive(address account) public view returns (bool) {
        Participant memory p = _storage().participants[account];
        return p.status == Status.Active && block.timestamp < p.expiresAt;
    }

    function canHold(address account) public view returns (bool) {
        return _storage().isPlatformContract[account] || isActive(account);
    }

    /// @inheritdoc IParticipantRegistry
    function transferCheck(address from, address to)
        external
        view
        returns (bool paused_, bool fromAllowed, bool toAllowed, bool toPlatform)
    {
        paused_ = _storage().paused;
        toPlatform = _storage().isPlatformContract[to];
        fromAllowed = from == address(0) || canHold(from);
        toAllowed = to == address(0) || toPlatform || isActive(to);
    }

    function requireActive(address account, Role role) external view returns (Participant memory) {
        return _requireActive(account, role);
    }

    function requireAccredited(address account, uint8 kind) external view {
        if (_storage().paused) revert RegistryPaused();
        Participant memory p = _requireActive(account, Role.Agency);
        if (kind > 5 || p.agencyKinds & (uint8(1) << kind) == 0) revert RegistryNotAccredited(account, kind);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Only the committee installs a new implementation.
    function _authorizeUpgrade(address) internal view override {
        _requireCommittee();
    }

    function _storage() private pure returns (RegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }

    function _requireActive(address account, Role role) internal view returns (Participant memory p) {
        p = _storage().participants[account];
        if (p.role == Role.None) revert RegistryNotAdmitted(account);
        if (p.role != role) revert RegistryWrongRole(account, role, p.role);
        if (p.status != Status.Active) revert RegistryNotActive(account, p.status);
        if (block.timestamp >= p.expiresAt) revert RegistryAdmissionExpired(account, p.expiresAt);
    }

    function _requireCommittee() internal view {
        if (msg.sender != _storage().committee) revert RegistryNotCommittee(msg.sender);
    }

    /// @dev Regulators answer to the committee; everyone else to any active regulator.
    function _requireAuthorityOver(Participant storage p) internal view {
        if (p.role == Role.Regulator) _requireCommittee();
        else _requireActive(msg.sender, Role.Regulator);
    }

    /// @dev A Regulator in status Active leaves office (suspended or revoked): never below the threshold, so
    /// the committee can always still decide.
    function _leaveOffice(Participant storage p) internal {
        if (p.role != Role.Regulator) return;
        RegistryStorage storage $ = _storage();
        uint256 remaining = $.membersInOffice - 1;
        uint8 threshold = ISupervisoryCommittee($.committee).threshold();
        if (remaining < threshold) revert RegistryBelowThreshold(remaining, threshold);
        $.membersInOffice = remaining;
    }

    function _admitted(address account) internal view returns (Participant storage p) {
        p = _storage().participants[account];
        if (p.role == Role.None) revert RegistryNotAdmitted(account);
    }

    function _setPolicy(Policy memory p, address regulator) internal {
        if (
            p.lprBps == 0 || p.rateCapBps == 0 || uint256(p.rateCapBps) > 4 * uint256(p.lprBps)
                || p.feeCapBps > 10_000 || p.requiredKinds & ~AGENCY_KINDS_MASK != 0 || p.gracePeriod == 0
                || p.defaultPeriod <= p.gracePeriod || p.enterpriseCap == 0 || p.drawdownPeriod == 0
                || p.minContribution > p.enterpriseCap
        ) revert RegistryInvalidPolicy();
        _storage().policy = p;
        emit PolicySet(p, regulator);
    }

    /// @dev The hash the event records beside a reason's text; an empty reason is refused.
    function _reasonHash(string calldata reason) private pure returns (bytes32) {
        if (bytes(reason).length == 0) revert RegistryEmptyReason();
        return keccak256(bytes(reason));
    }
}

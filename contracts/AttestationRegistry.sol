// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {
    IAttestationRegistry, Attestation, AttestationKind, AttestationRequest
} from "./interfaces/IAttestationRegistry.sol";
import {IParticipantRegistry, Participant, Role, Status} from "./interfaces/IParticipantRegistry.sol";

/// @title AttestationRegistry
/// @notice Statements by accredited agencies, enterprises and the regulator about demands, loans, participants
/// and other attestations. Nothing is ever erased: a revocation is recorded beside the statement it revokes.
/// Statements are made directly or relayed with the author's EIP-712 signature (EOA or ERC-1271 contract).
/// @dev Deployed behind an ERC-1967 proxy (UUPS); only the registry's committee may install a new implementation.
/// Mutable fields live in one ERC-7201 namespaced struct (the nonces and EIP-712 name in OpenZeppelin's own).
contract AttestationRegistry is IAttestationRegistry, Initializable, EIP712Upgradeable, NoncesUpgradeable, UUPSUpgradeable {
    bytes32 public constant ATTEST_TYPEHASH = keccak256(
        "Attest(address attester,uint8 kind,bytes32 subject,uint256 value,bytes32 dataHash,bytes32 refUID,uint40 expiresAt,uint256 nonce,uint256 deadline)"
    );

    /// @dev Immutable, in the implementation's code: every new implementation is constructed with the same
    /// registry (the upgrade tests check it), and reading it costs no storage access.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry public immutable registry;

    /// @custom:storage-location erc7201:smefin.storage.AttestationRegistry
    struct AttestationStorage {
        mapping(bytes32 uid => Attestation) attestations;
        mapping(bytes32 uid => uint32 period) disclosurePeriod;
    }

    // keccak256(abi.encode(uint256(keccak256("smefin.storage.AttestationRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xe1803952a5fae9616ab67c7fab7206179f295eee0ee83eee6270a58173074600;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_) {
        registry = registry_;
        _disableInitializers();
    }

    function initialize() external initializer {
        __EIP712_init("smefin AttestationRegistry", "1");
        __Nonces_init();
        __UUPSUpgradeable_init();
    }

    /// @notice Records `request` authored by the caller.
    /// Requirements: agency kinds need an active agency accredited for the kind and the platform not paused;
    /// supervision notices go through {publishNotice} and operating disclosures through {disclose}, so that
    /// both carry what they say; a non-zero `refUID` must exist.
    /// Emits {Attested}.
    function attest(AttestationRequest calldata request) external returns (bytes32 uid) {
        return _attest(request, msg.sender);
    }

    /// @notice Records `request` authored by `attester`, who signed it (EIP-712) for `nonce` and `deadline`.
    /// Requirements: as {attest} for `attester`; `deadline` not passed; `nonce` is the attester's next nonce;
    /// `signature` valid for `attester` (ECDSA or ERC-1271).
    /// Emits {Attested} with the caller as relayer.
    function attestBySignature(
        AttestationRequest calldata request,
        address attester,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 uid) {
        if (block.timestamp > deadline) revert AttestationDeadlinePassed(deadline);
        _useCheckedNonce(attester, nonce);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ATTEST_TYPEHASH,
                    attester,
                    request.kind,
                    request.subject,
                    request.value,
                    request.dataHash,
                    request.refUID,
                    request.expiresAt,
                    nonce,
                    deadline
                )
            )
        );
        if (!SignatureChecker.isValidSignatureNow(attester, digest, signature)) {
            revert AttestationInvalidSignature(attester);
        }
        return _attest(request, attester);
    }

    /// @notice An enterprise discloses its revenue for `period` (YYYYMM) with a hash of the supporting data.
    /// Requirements: caller is an active enterprise; platform not paused. Emits {Attested} and {OperatingDisclosed}.
    function disclose(uint32 period, uint256 revenue, bytes32 dataHash) external returns (bytes32 uid) {
        if (registry.paused()) revert IParticipantRegistry.RegistryPaused();
        registry.requireActive(msg.sender, Role.Enterprise);
        AttestationRequest memory request = AttestationRequest({
            kind: AttestationKind.OperatingDisclosure,
            subject: bytes32(uint256(uint160(msg.sender))),
            value: revenue,
            dataHash: dataHash,
            refUID: bytes32(0),
            expiresAt: 0
        });
        uid = _store(request, msg.sender);
        _storage().disclosurePeriod[uid] = period;
        emit OperatingDisclosed(uid, msg.sender, period, revenue);
    }

    /// @inheritdoc IAttestationRegistry
    function publishNotice(bytes32 subject, uint256 severity, bytes32 refUID, string calldata text)
        external
        returns (bytes32 uid)
    {
        registry.requireActive(msg.sender, Role.Regulator);
        AttestationRequest memory request = AttestationRequest({
            kind: AttestationKind.SupervisionNotice,
            subject: subject,
            value: severity,
            dataHash: _textHash(text),
            refUID: refUID,
            expiresAt: 0
        });
        uid = _store(request, msg.sender);
        emit NoticePublished(uid, subject, text);
    }

    /// @notice The caller gives up its signature nonce `nonce` (its next one), so a signed attestation not yet
    /// relayed can never be recorded. Open while the platform is paused: it only withdraws a statement.
    /// Emits {NonceCancelled}.
    function cancelNonce(uint256 nonce) external {
        _useCheckedNonce(msg.sender, nonce);
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @notice Revokes an attestation; the record and the revocation both stay.
    /// Requirements: caller is the author or an active regulator; not already revoked; `reason` says why in words
    /// ({AttestationEmptyText} when empty). Emits {AttestationRevoked}.
    function revoke(bytes32 uid, string calldata reason) external {
        bytes32 reasonHash = _textHash(reason);
        Attestation storage a = _storage().attestations[uid];
        if (a.attester == address(0)) revert AttestationNotFound(uid);
        if (a.revokedAt != 0) revert AttestationAlreadyRevoked(uid);
        if (msg.sender != a.attester && !_isActiveRole(msg.sender, Role.Regulator)) {
            revert AttestationNotRevocableBy(uid, msg.sender);
        }
        a.revokedAt = uint40(block.timestamp);
        emit AttestationRevoked(uid, msg.sender, reasonHash, reason);
    }

    // ---------------------------------------------------------------- views

    function getAttestation(bytes32 uid) external view returns (Attestation memory) {
        return _storage().attestations[uid];
    }

    function disclosurePeriod(bytes32 uid) external view returns (uint32 period) {
        return _storage().disclosurePeriod[uid];
    }

    function isValid(bytes32 uid) external view returns (bool) {
        Attestation memory a = _storage().attestations[uid];
        if (a.attester == address(0) || a.revokedAt != 0) return false;
        if (a.expiresAt != 0 && block.timestamp >= a.expiresAt) return false;
        Participant memory p = registry.participant(a.attester);
        if (p.status != Status.Active || block.timestamp >= p.expiresAt) return false;
        if (a.kind == AttestationKind.OperatingDisclosure) return p.role == Role.Enterprise;
        if (a.kind == AttestationKind.SupervisionNotice) return p.role == Role.Regulator;
        return p.role == Role.Agency && p.agencyKinds & (uint8(1) << uint8(a.kind)) != 0;
    }

    function nonces(address attester) public view override(IAttestationRegistry, NoncesUpgradeable) returns (uint256) {
        return super.nonces(attester);
    }

    /// @notice The uid an attestation gets when recorded by `attester` in block `blockNumber`.
    function uidOf(AttestationRequest calldata request, address attester, uint256 blockNumber)
        external
        pure
        returns (bytes32)
    {
        return _uid(request, attester, blockNumber);
    }

    /// @notice The EIP-712 domain separator signers must use.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- internals

    /// @dev Only the registry's committee installs a new implementation.
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != registry.committee()) revert AttestationNotCommittee(msg.sender);
    }

    function _storage() private pure returns (AttestationStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }

    function _attest(AttestationRequest calldata request, address attester) internal returns (bytes32) {
        AttestationKind kind = request.kind;
        if (kind == AttestationKind.OperatingDisclosure || kind == AttestationKind.SupervisionNotice) {
            revert AttestationKindNotAllowed(kind);
        }
        registry.requireAccredited(attester, uint8(kind));
        return _store(request, attester);
    }

    function _store(AttestationRequest memory request, address attester) internal returns (bytes32 uid) {
        if (request.expiresAt != 0 && request.expiresAt <= block.timestamp) {
            revert AttestationInvalidExpiry(request.expiresAt);
        }
        mapping(bytes32 uid => Attestation) storage all = _storage().attestations;
        if (request.refUID != bytes32(0) && all[request.refUID].attester == address(0)) {
            revert AttestationUnknownReference(request.refUID);
        }
        uid = _uid(request, attester, block.number);
        Attestation storage a = all[uid];
        if (a.attester != address(0)) revert AttestationAlreadyExists(uid);
        // One write of the packed first slot (author, kind, expiry; not revoked) instead of one per field.
        uint256 head = uint256(uint160(attester)) | (uint256(uint8(request.kind)) << 160)
            | (uint256(request.expiresAt) << 168);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(a.slot, head)
        }
        a.subject = request.subject;
        if (request.value != 0) a.value = request.value;
        emit Attested(
            uid,
            attester,
            request.subject,
            request.kind,
            request.value,
            request.dataHash,
            request.refUID,
            request.expiresAt,
            msg.sender
        );
    }

    function _uid(AttestationRequest memory request, address attester, uint256 blockNumber)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                attester,
                request.kind,
                request.subject,
                request.value,
                request.dataHash,
                request.refUID,
                request.expiresAt,
                blockNumber
            )
        );
    }

    function _isActiveRole(address account, Role role) internal view returns (bool) {
        Participant memory p = registry.participant(account);
        return p.role == role && p.status == Status.Active && block.timestamp < p.expiresAt;
    }

    /// @dev The hash recorded beside a text (a revocation's reason, a notice); an empty text is refused.
    function _textHash(string calldata text) internal pure returns (bytes32) {
        if (bytes(text).length == 0) revert AttestationEmptyText();
        return keccak256(bytes(text));
    }
}

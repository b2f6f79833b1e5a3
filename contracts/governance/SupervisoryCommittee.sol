// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ISupervisoryCommittee} from "../interfaces/ISupervisoryCommittee.sol";
import {IParticipantRegistry, Participant, Role, Status} from "../interfaces/IParticipantRegistry.sol";

/// @title SupervisoryCommittee
/// @notice M-of-N approvals for the regulator's sensitive powers, with a notice period for policy changes and
/// upgrades (after OpenZeppelin's TimelockController and AccessManager, Safe's owners and FISCO BCOS's committee).
/// The members are the registry's Regulators, so admitting, renewing or removing one is itself a proposal to the
/// registry; the registry refuses any removal that would leave fewer members in office than the threshold.
/// @custom:security-contact security@smefin.example
contract SupervisoryCommittee is ISupervisoryCommittee, Initializable, UUPSUpgradeable {
    /// @notice How long a proposal may collect approvals.
    uint40 public constant PROPOSAL_LIFETIME = 14 days;
    /// @notice How long an approved proposal may be executed once its notice is over.
    uint40 public constant EXECUTION_WINDOW = 14 days;
    uint32 public constant MIN_NOTICE_PERIOD = 1 days;
    uint32 public constant MAX_NOTICE_PERIOD = 30 days;

    /// @custom:storage-location erc7201:smefin.storage.SupervisoryCommittee
    struct CommitteeStorage {
        IParticipantRegistry registry;
        uint8 threshold;
        uint32 noticePeriod;
        uint256 proposalCount;
        mapping(uint256 id => Proposal) proposals;
        mapping(uint256 id => mapping(address member => bool)) approved;
    }

    // keccak256(abi.encode(uint256(keccak256("smefin.storage.SupervisoryCommittee")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x29771651f5a2282e7260d5cd8994be629598519e009307d23f81f89662bbdd00;

    modifier onlySelf() {
        if (msg.sender != address(this)) revert CommitteeOnlySelf(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @param registry_ The participant registry whose Regulators are the members; it must already name them.
    /// @param threshold_ Approvals a proposal needs, at most the members in office.
    /// @param noticePeriod_ Wait between approval and effect for policy changes and upgrades.
    function initialize(IParticipantRegistry registry_, uint8 threshold_, uint32 noticePeriod_) external initializer {
        if (address(registry_) == address(0)) revert CommitteeZeroAddress();
        _s().registry = registry_;
        _setThreshold(threshold_);
        _setNoticePeriod(noticePeriod_);
    }

    // ================================================================ proposals

    /// @inheritdoc ISupervisoryCommittee
    function propose(address target, bytes calldata data, string calldata description) external returns (uint256 id) {
        if (target == address(0)) revert CommitteeZeroAddress();
        if (data.length < 4) revert CommitteeInvalidCall();
        _requireEligible(msg.sender, target, data);
        CommitteeStorage storage $ = _s();
        id = ++$.proposalCount;
        Proposal storage p = $.proposals[id];
        p.proposer = msg.sender;
        p.target = target;
        p.createdAt = uint40(block.timestamp);
        p.descriptionHash = keccak256(bytes(description));
        p.data = data;
        emit ProposalCreated(id, msg.sender, target, data, description, uint40(block.timestamp) + PROPOSAL_LIFETIME);
        _approve(id, p);
    }

    /// @inheritdoc ISupervisoryCommittee
    function approve(uint256 id) external {
        Proposal storage p = _proposal(id);
        ProposalState s = _state(p);
        if (s != ProposalState.Pending && s != ProposalState.Queued && s != ProposalState.Ready) {
            revert CommitteeInvalidState(id, s);
        }
        _requireEligible(msg.sender, p.target, p.data);
        if (_s().approved[id][msg.sender]) revert CommitteeAlreadyApproved(id, msg.sender);
        _approve(id, p);
    }

    /// @inheritdoc ISupervisoryCommittee
    /// @dev Not once Ready: a proposal without notice (a member's removal) is Ready as soon as it is approved, so
    /// a member who could cancel it then could veto every decision, its own removal included.
    function cancel(uint256 id) external {
        Proposal storage p = _proposal(id);
        ProposalState s = _state(p);
        if (s == ProposalState.Pending) {
            if (msg.sender != p.proposer) revert CommitteeNotProposer(id, msg.sender);
        } else if (s != ProposalState.Queued) {
            revert CommitteeInvalidState(id, s);
        }
        _requireEligible(msg.sender, p.target, p.data);
        p.cancelled = true;
        emit ProposalCancelled(id, msg.sender);
    }

    /// @inheritdoc ISupervisoryCommittee
    function execute(uint256 id) external {
        Proposal storage p = _proposal(id);
        ProposalState s = _state(p);
        if (s != ProposalState.Ready) revert CommitteeInvalidState(id, s);
        _requireEligible(msg.sender, p.target, p.data);
        uint256 standing = _standingApprovals(p);
        uint8 m = _s().threshold;
        if (standing < m) revert CommitteeNotEnoughApprovals(id, standing, m);
        p.executed = true; // before the call: a re-entered execute finds it Executed
        emit ProposalExecuted(id, msg.sender);
        Address.functionCall(p.target, p.data);
    }

    // ================================================================ the committee's own settings

    /// @inheritdoc ISupervisoryCommittee
    function setThreshold(uint8 threshold_) external onlySelf {
        _setThreshold(threshold_);
    }

    /// @inheritdoc ISupervisoryCommittee
    function setNoticePeriod(uint32 noticePeriod_) external onlySelf {
        _setNoticePeriod(noticePeriod_);
    }

    // ================================================================ views

    function registry() external view returns (address) {
        return address(_s().registry);
    }

    function threshold() external view returns (uint8) {
        return _s().threshold;
    }

    function noticePeriod() external view returns (uint32) {
        return _s().noticePeriod;
    }

    function proposalCount() external view returns (uint256) {
        return _s().proposalCount;
    }

    function getProposal(uint256 id) external view returns (Proposal memory) {
        return _proposal(id);
    }

    function state(uint256 id) external view returns (ProposalState) {
        Proposal storage p = _s().proposals[id];
        return p.proposer == address(0) ? ProposalState.None : _state(p);
    }

    function hasApproved(uint256 id, address member) external view returns (bool) {
        return _s().approved[id][member];
    }

    /// @inheritdoc ISupervisoryCommittee
    function requiresNotice(address target, bytes calldata data) external view returns (bool) {
        return _requiresNotice(target, data);
    }

    /// @inheritdoc ISupervisoryCommittee
    function isEligible(address account, address target, bytes calldata data) external view returns (bool) {
        return _isEligible(account, target, data);
    }

    // ================================================================ internals

    function _approve(uint256 id, Proposal storage p) internal {
        _s().approved[id][msg.sender] = true;
        p.approvers.push(msg.sender);
        emit ProposalApproved(id, msg.sender, p.approvers.length);
        if (p.queuedAt == 0 && p.approvers.length >= _s().threshold) {
            uint40 now_ = uint40(block.timestamp);
            p.queuedAt = now_;
            p.eta = _requiresNotice(p.target, p.data) ? now_ + _s().noticePeriod : now_;
            emit ProposalQueued(id, p.eta);
        }
    }

    /// @dev Approvals of members still in status Active (a member since suspended or revoked no longer counts;
    /// one whose admission lapsed after approving still does, its approval was given while in office).
    function _standingApprovals(Proposal storage p) internal view returns (uint256 standing) {
        IParticipantRegistry reg = _s().registry;
        for (uint256 i; i < p.approvers.length; ++i) {
            if (reg.participant(p.approvers[i]).status == Status.Active) ++standing;
        }
    }

    function _state(Proposal storage p) internal view returns (ProposalState) {
        if (p.executed) return ProposalState.Executed;
        if (p.cancelled) return ProposalState.Cancelled;
        if (p.queuedAt == 0) {
            return block.timestamp < p.createdAt + PROPOSAL_LIFETIME ? ProposalState.Pending : ProposalState.Expired;
        }
        if (block.timestamp < p.eta) return ProposalState.Queued;
        return block.timestamp < p.eta + EXECUTION_WINDOW ? ProposalState.Ready : ProposalState.Expired;
    }

    function _proposal(uint256 id) internal view returns (Proposal storage p) {
        p = _s().proposals[id];
        if (p.proposer == address(0)) revert CommitteeUnknownProposal(id);
    }

    function _requireEligible(address account, address target, bytes memory data) internal view {
        if (!_isEligible(account, target, data)) revert CommitteeNotMember(account);
    }

    function _requiresNotice(address target, bytes memory data) internal view returns (bool) {
        bytes4 selector = bytes4(data);
        if (selector == UUPSUpgradeable.upgradeToAndCall.selector) return true;
        if (target == address(this)) return selector == this.setNoticePeriod.selector;
        return target == address(_s().registry) && selector == IParticipantRegistry.setPolicy.selector;
    }

    function _isEligible(address account, address target, bytes memory data) internal view returns (bool) {
        IParticipantRegistry reg = _s().registry;
        Participant memory p = reg.participant(account);
        if (p.role != Role.Regulator || p.status != Status.Active) return false;
        if (block.timestamp < p.expiresAt) return true;
        // A lapsed member may still take part in renewing a member's admission.
        if (target != address(reg) || data.length < 36 || bytes4(data) != IParticipantRegistry.renew.selector) {
            return false;
        }
        uint256 firstArgument;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            firstArgument := mload(add(data, 36)) // after the length word and the selector
        }
        return reg.participant(address(uint160(firstArgument))).role == Role.Regulator;
    }

    function _setThreshold(uint8 threshold_) internal {
        uint256 inOffice = _s().registry.membersInOffice();
        if (threshold_ == 0 || threshold_ > inOffice) revert CommitteeInvalidThreshold(threshold_, inOffice);
        _s().threshold = threshold_;
        emit ThresholdSet(threshold_);
    }

    function _setNoticePeriod(uint32 noticePeriod_) internal {
        if (noticePeriod_ < MIN_NOTICE_PERIOD || noticePeriod_ > MAX_NOTICE_PERIOD) {
            revert CommitteeInvalidNoticePeriod(noticePeriod_);
        }
        _s().noticePeriod = noticePeriod_;
        emit NoticePeriodSet(noticePeriod_);
    }

    /// @dev Upgrading the committee is itself a proposal, with notice.
    function _authorizeUpgrade(address) internal view override onlySelf {}

    function _s() private pure returns (CommitteeStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISupervisoryCommittee
/// @notice The regulator's sensitive powers, held by the supervising bodies together. Members are the registry's
/// participants in role Regulator; a proposal (one call to a platform contract) takes effect when `threshold`
/// members approved it and, for policy changes and upgrades, after a notice period any single member may cancel in.
interface ISupervisoryCommittee {
    /// @notice Where a proposal stands. `Ready` is `Queued` with its notice over: it may be executed.
    enum ProposalState {
        None,
        Pending,
        Queued,
        Ready,
        Executed,
        Cancelled,
        Expired
    }

    struct Proposal {
        address proposer;
        address target;
        uint40 createdAt;
        /// @dev When the threshold was reached; 0 while pending.
        uint40 queuedAt;
        /// @dev Earliest execution time: `queuedAt` plus the notice period for calls that require notice.
        uint40 eta;
        bool executed;
        bool cancelled;
        bytes32 descriptionHash;
        bytes data;
        address[] approvers;
    }

    error CommitteeNotMember(address account);
    error CommitteeUnknownProposal(uint256 id);
    error CommitteeInvalidState(uint256 id, ProposalState state);
    error CommitteeAlreadyApproved(uint256 id, address member);
    error CommitteeNotEnoughApprovals(uint256 id, uint256 approvals, uint256 threshold);
    error CommitteeInvalidThreshold(uint256 threshold, uint256 membersInOffice);
    error CommitteeInvalidNoticePeriod(uint32 noticePeriod);
    error CommitteeInvalidCall();
    error CommitteeOnlySelf(address caller);
    error CommitteeNotProposer(uint256 id, address caller);
    error CommitteeZeroAddress();

    /// @notice A member proposed `data` to be called on `target`; `description` says what and why in words.
    event ProposalCreated(
        uint256 indexed id,
        address indexed proposer,
        address indexed target,
        bytes data,
        string description,
        uint40 expiresAt
    );
    /// @notice `member` approved proposal `id`; `approvals` counts every approval so far, the proposer's included.
    event ProposalApproved(uint256 indexed id, address indexed member, uint256 approvals);
    /// @notice Proposal `id` reached the threshold; it may be executed from `eta` until `eta + EXECUTION_WINDOW`.
    event ProposalQueued(uint256 indexed id, uint40 eta);
    event ProposalExecuted(uint256 indexed id, address indexed executor);
    event ProposalCancelled(uint256 indexed id, address indexed member);
    event ThresholdSet(uint8 threshold);
    event NoticePeriodSet(uint32 noticePeriod);

    /// @notice Proposes the call `data` on `target`. The proposer's approval counts at once.
    /// Requirements: caller is an eligible member (see {isEligible}); `target` is not zero; `data` names a function.
    /// Emits {ProposalCreated} and {ProposalApproved} (and {ProposalQueued} when the threshold is 1).
    function propose(address target, bytes calldata data, string calldata description) external returns (uint256 id);

    /// @notice Approves proposal `id`. Requirements: caller is an eligible member for it, has not approved it yet,
    /// and the proposal is Pending, Queued or Ready. Emits {ProposalApproved}, and {ProposalQueued} when this
    /// approval reaches the threshold.
    function approve(uint256 id) external;

    /// @notice Cancels proposal `id`: any eligible member while it is Queued (the notice period is when everyone
    /// may object), or its proposer while it is still Pending. Once Ready nobody may cancel it, so a single member
    /// cannot veto a call that needs no notice. Emits {ProposalCancelled}.
    function cancel(uint256 id) external;

    /// @notice Carries out proposal `id` once Ready. Approvals of members since suspended or revoked no longer
    /// count; at least `threshold` must remain. Reverts with the target's own error if the call fails.
    /// Emits {ProposalExecuted}.
    function execute(uint256 id) external;

    /// @notice Changes the number of approvals a proposal needs. Only through a proposal (the committee calls
    /// itself). Requirements: 1 <= threshold <= members in office. Emits {ThresholdSet}.
    function setThreshold(uint8 threshold) external;

    /// @notice Changes the notice period, within [MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD]. Only through a proposal,
    /// which itself waits the notice period in force. Emits {NoticePeriodSet}.
    function setNoticePeriod(uint32 noticePeriod) external;

    function registry() external view returns (address);
    function threshold() external view returns (uint8);
    function noticePeriod() external view returns (uint32);
    function proposalCount() external view returns (uint256);
    function getProposal(uint256 id) external view returns (Proposal memory);
    function state(uint256 id) external view returns (ProposalState);
    function hasApproved(uint256 id, address member) external view returns (bool);

    /// @notice Whether a call to `target` with `data` waits the notice period once approved: policy changes,
    /// upgrades of any contract and changes of the notice period itself.
    function requiresNotice(address target, bytes calldata data) external view returns (bool);

    /// @notice Whether `account` may propose, approve, cancel and execute a call of `data` on `target`: a
    /// Regulator in status Active whose admission has not lapsed; or, for renewing a Regulator's admission, one
    /// whose admission has lapsed (so the passing of time alone can never leave nobody able to govern).
    function isEligible(address account, address target, bytes calldata data) external view returns (bool);
}

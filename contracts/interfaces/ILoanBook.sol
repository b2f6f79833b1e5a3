// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RepaymentMethod} from "../libraries/ScheduleLib.sol";
import {IAttestationRegistry} from "./IAttestationRegistry.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @notice Lifecycle of a demand / loan. Frozen is an overlay flag, not a state.
enum LoanState {
    None,
    Published,
    UnderReview,
    Listed,
    Funded,
    Active,
    Late,
    Defaulted,
    Compensated,
    Repaid,
    Cancelled,
    Failed
}

/// @notice What the enterprise asks for.
struct Terms {
    /// @dev Target raise, in deposit-token units (6 decimals).
    uint128 amount;
    /// @dev Below this at the end of the funding window, the raise fails and investors are refunded.
    uint128 minRaise;
    /// @dev Annual interest rate in basis points.
    uint16 rateBps;
    RepaymentMethod method;
    uint16 instalments;
    /// @dev Seconds between instalments.
    uint32 periodLength;
    /// @dev Seconds the listing stays open for funding.
    uint32 fundingPeriod;
}

struct Loan {
    address enterprise;
    LoanState state;
    bool frozen;
    /// @dev 1 (safest) .. 5, from the credit rating presented at listing.
    uint8 riskGrade;
    uint16 feeBps;
    uint40 fundingDeadline;
    /// @dev The operator who listed the loan and receives the platform fee.
    address operator;
    uint40 startedAt;
    /// @dev Set at listing: the funding deadline plus the policy's drawdown period. A funded loan not drawn by
    /// then may be cancelled by anyone, and can no longer be drawn.
    uint40 drawdownDeadline;
    Terms terms;
}

/// @notice Where every token the LoanBook holds for a loan sits. Repayments are distributed as they arrive, so
/// nothing is ever undistributed: held = escrow + (distributed - claimed) + (recovered - recoveryClaimed) + bond.
struct Accounts {
    uint128 raised;
    /// @dev Raised and not yet disbursed or refunded.
    uint128 escrow;
    /// @dev Principal of the schedule, fixed at disbursement.
    uint128 principal;
    /// @dev Everything repaid so far, recoveries included.
    uint128 repaid;
    /// @dev Paid into the investors' pool: repayments and the guarantee payout.
    uint128 distributed;
    uint128 claimed;
    /// @dev Total owed after default (accelerated); 0 before default.
    uint128 closingAmount;
    /// @dev Guarantee bond still locked.
    uint128 bond;
    /// @dev Paid by the bond into the pool on default; the guarantor recovers this first.
    uint128 guaranteePaid;
    /// @dev Recoveries credited to the guarantor (subrogation).
    uint128 recovered;
    uint128 recoveryClaimed;
    address guarantor;
}

struct Position {
    uint128 contributed;
    uint120 claimed;
    bool refunded;
}

/// @title The book of every demand and loan, its escrow, schedule and distribution.
interface ILoanBook {
    error LoanBookUnknownLoan(uint256 id);
    /// @notice Only the supervisory committee, through an approved proposal, may do this.
    error LoanBookNotCommittee(address caller);
    error LoanBookInvalidState(uint256 id, LoanState state);
    error LoanBookNotEnterprise(uint256 id, address account);
    error LoanBookInvalidAmount(uint256 amount, uint256 minRaise);
    error LoanBookInvalidSchedule(uint256 instalments, uint256 periodLength);
    error LoanBookInvalidFundingPeriod(uint256 fundingPeriod);
    error LoanBookRateAboveCap(uint256 rateBps, uint256 capBps);
    error LoanBookFeeAboveCap(uint256 feeBps, uint256 capBps);
    error LoanBookOverEnterpriseCap(address enterprise, uint256 outstanding, uint256 requested, uint256 cap);
    error LoanBookInvalidAttestation(uint256 id, bytes32 uid);
    error LoanBookMissingAttestations(uint256 id, uint8 missingKinds);
    error LoanBookInvalidServiceKinds(uint8 kinds);
    error LoanBookUnsuitableInvestor(address investor, uint8 suitability, uint8 riskGrade);
    error LoanBookFundingClosed(uint256 id, uint40 deadline);
    error LoanBookFundingOpen(uint256 id, uint40 deadline);
    error LoanBookRaiseNotEmpty(uint256 id, uint256 raised);
    error LoanBookZeroAmount();
    error LoanBookFrozen(uint256 id);
    error LoanBookPaused();
    error LoanBookNothingToClaim(uint256 id, address account);
    error LoanBookNothingToRefund(uint256 id, address account);
    error LoanBookNotOverdue(uint256 id, uint256 repaid, uint256 due);
    error LoanBookNotGuarantor(uint256 id, address account);
    error LoanBookGuarantorTaken(uint256 id, address guarantor);
    error LoanBookNoBond(uint256 id);
    error LoanBookServiceNotRequested(uint256 id, address agency);
    error LoanBookPayerNotActive(uint256 id, address payer);
    error LoanBookNothingToWithdraw(address account);
    error LoanBookNoSurplus();
    error LoanBookBelowMinContribution(uint256 id, uint256 amount, uint256 minimum);
    error LoanBookDrawdownExpired(uint256 id, uint40 deadline);
    error LoanBookNotRevoked(address account);
    error LoanBookPositionTaken(uint256 id, address account);
    error LoanBookCannotHold(address account);
    /// @notice A freeze must say why, in words: the reason is part of the public record.
    error LoanBookEmptyReason();

    event LoanPublished(
        uint256 indexed id, address indexed enterprise, Terms terms, bytes32 metadataHash, string purpose
    );
    event LoanStateChanged(uint256 indexed id, LoanState from, LoanState to);
    event ReviewOpened(uint256 indexed id, address indexed operator);
    event ServiceRequested(uint256 indexed id, address indexed agency, uint8 kinds, address indexed operator);
    event BondPosted(uint256 indexed id, address indexed guarantor, uint256 amount, uint256 bond);
    event LoanListed(
        uint256 indexed id,
        address indexed operator,
        uint8 riskGrade,
        uint16 feeBps,
        uint40 fundingDeadline,
        bytes32[] attestations
    );
    event LoanUnlisted(uint256 indexed id, address indexed operator);
    event LoanFunded(uint256 indexed id, address indexed investor, uint256 amount, uint256 raised);
    event FundingClosed(uint256 indexed id, bool succeeded, uint256 raised);
    event LoanCancelled(uint256 indexed id, address indexed by, bytes32 reasonHash);
    event Refunded(uint256 indexed id, address indexed investor, uint256 amount);
    event Disbursed(
        uint256 indexed id, address indexed enterprise, address indexed operator, uint256 principal, uint256 fee
    );
    event Repaid(
        uint256 indexed id, address indexed payer, uint256 amount, uint256 toInvestors, uint256 toGuarantor, uint256 repaid
    );
    event Claimed(uint256 indexed id, address indexed investor, uint256 amount);
    event LoanLate(uint256 indexed id, address indexed by, uint256 overdue);
    event LoanCured(uint256 indexed id);
    event LoanDefaulted(uint256 indexed id, address indexed by, uint256 outstanding);
    event GuaranteePaid(uint256 indexed id, address indexed guarantor, uint256 amount);
    event BondReleased(uint256 indexed id, address indexed guarantor, uint256 amount);
    event RecoveryClaimed(uint256 indexed id, address indexed guarantor, uint256 amount);
    event LoanClosed(uint256 indexed id, uint256 repaid);
    /// @notice `reason` is the text given; `reasonHash` its keccak256.
    event LoanFrozen(uint256 indexed id, address indexed regulator, bytes32 reasonHash, string reason);
    event LoanUnfrozen(uint256 indexed id, address indexed regulator);
    /// @notice Platform fees accrued to `operator` at disbursements, paid out to it.
    event FeesWithdrawn(address indexed operator, uint256 amount);
    /// @notice Tokens the LoanBook held beyond what it owes (sent to it directly) were sent to `to`.
    event SurplusSwept(address indexed to, uint256 amount, address indexed regulator);
    /// @notice A revoked participant's position and guarantor role in loan `id` now belong to `to`.
    event ClaimsMoved(uint256 indexed id, address indexed from, address indexed to, address regulator);
    /// @notice A revoked participant's accrued fees now belong to `to`.
    event FeesMoved(address indexed from, address indexed to, uint256 amount, address regulator);

    // ---------------------------------------------------------------- state
    /// @notice The registry of admissions and policy that every rule reads.
    function registry() external view returns (IParticipantRegistry);
    /// @notice The register of attestations a listing presents.
    function attestations() external view returns (IAttestationRegistry);
    /// @notice The deposit token every amount is paid in.
    function token() external view returns (IERC20);
    /// @notice Loans published so far; ids run from 1 to `loanCount`.
    function loanCount() external view returns (uint256);
    /// @notice Attestation kinds each agency was asked to provide for a loan (bitmask).
    function serviceRequests(uint256 id, address agency) external view returns (uint8 kinds);
    /// @notice Principal an enterprise has listed or borrowed and not yet repaid, checked against the policy cap.
    function outstandingOf(address enterprise) external view returns (uint256);
    /// @notice Platform fees accrued to each operator at disbursement and not yet withdrawn.
    function feesOf(address operator) external view returns (uint256);
    /// @notice Every token the LoanBook owes: the sum of {heldFor} over all loans plus the fees not withdrawn.
    /// Whatever it holds beyond this is {surplus}.
    function totalHeld() external view returns (uint256);

    // ---------------------------------------------------------------- step 1: publish
    /// @notice The calling enterprise publishes a financing demand.
    /// Requirements: caller is an active enterprise; 0 < minRaise <= amount; 1..360 instalments of 1..365 days
    /// within 30 years; funding period 1 hour..180 days; rate within the policy cap.
    /// Emits {LoanPublished} and {LoanStateChanged}.
    function publish(Terms calldata terms, bytes32 metadataHash, string calldata purpose) external returns (uint256 id);

    // ---------------------------------------------------------------- step 2: review and service requests
    /// @notice The operator opens the review of a published demand. Emits {ReviewOpened}, {LoanStateChanged}.
    function openReview(uint256 id) external;
    /// @notice The operator asks `agency` for the services `kinds` (bitmask of agency attestation kinds).
    /// Requirements: loan under review; `agency` active and accredited for every kind asked.
    /// Emits {ServiceRequested}.
    function requestService(uint256 id, address agency, uint8 kinds) external;

    // ---------------------------------------------------------------- step 3: the agencies answer
    // Their attestations are recorded in the AttestationRegistry; a guarantor also locks its bond here.
    /// @notice A guarantor agency locks `amount` as the loan's guarantee bond (coverage), before listing.
    /// Requirements: caller active agency accredited for guarantees whom the operator asked for the guarantee
    /// service on this loan ({requestService}); loan under review; one guarantor per loan (it may top up).
    /// Emits {BondPosted}.
    function postBond(uint256 id, uint256 amount) external;

    // ---------------------------------------------------------------- step 4: list
    // Pushing a listing to matching investors is off-chain (lib/matching.ts), as is step 5, their decision.
    /// @notice The operator lists a reviewed demand for funding, presenting the attestations it relies on.
    /// Requirements: loan under review; enterprise still active; rate, fee and the enterprise's outstanding
    /// principal within the policy in force; every presented attestation valid and about this loan or its
    /// enterprise; together they cover the policy's required kinds. The worst credit rating presented sets the
    /// risk grade (unrated loans take the riskiest grade).
    /// Emits {LoanListed} and {LoanStateChanged}.
    function list(uint256 id, uint16 feeBps, bytes32[] calldata attestationUids) external;
    /// @notice The operator withdraws a listing that no one has funded yet. Emits {LoanUnlisted}.
    function unlist(uint256 id) external;

    // ---------------------------------------------------------------- step 6: fund into escrow; the raise succeeds or fails
    /// @notice The caller funds `amount` of a listed loan into escrow (after approving the LoanBook).
    /// Requirements: active investor with suitability >= the loan's risk grade; loan listed, not frozen, within
    /// its funding window; `amount` at least the policy's minimum contribution unless it fills what remains. An
    /// order for more than what remains takes what remains. Reaching the target closes the raise.
    /// Emits {LoanFunded} (and {FundingClosed}, {LoanStateChanged} at the target).
    /// @return funded What was taken: `amount`, or what remained of the target.
    function fund(uint256 id, uint256 amount) external returns (uint256 funded);
    /// @notice {fund} with an ERC-2612 permit, in one transaction. A permit already used (for example by a
    /// front-runner) is ignored; the allowance then decides.
    function fundWithPermit(uint256 id, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 funded);
    /// @notice Ends the funding window: the raise succeeds at or above the minimum, else fails (refunds).
    /// Requirements: loan listed and its deadline passed. Emits {FundingClosed} and {LoanStateChanged}.
    function closeFunding(uint256 id) external;
    /// @notice The enterprise or the operator cancels a demand before disbursement; investors get refunds. Once
    /// a funded loan's drawdown deadline has passed undrawn, anyone may cancel it.
    /// Emits {LoanCancelled} and {LoanStateChanged}.
    function cancel(uint256 id, bytes32 reasonHash) external;
    /// @notice An investor takes back its contribution to a cancelled or failed raise. Emits {Refunded}.
    function refund(uint256 id) external;

    // ---------------------------------------------------------------- step 6, continued: disbursement and the platform fee
    /// @notice The enterprise draws a successful raise: the principal less the platform fee, which accrues to the
    /// listing operator ({feesOf}, {withdrawFees}) whatever its admission status. The repayment schedule starts now.
    /// Requirements: caller the loan's enterprise, active; loan funded, not frozen, its drawdown deadline not passed.
    /// Emits {Disbursed} and {LoanStateChanged}.
    function disburse(uint256 id) external;
    /// @notice Pays the caller the platform fees accrued to it. The token refuses an account that may not hold it
    /// (suspended, expired or revoked): a suspended or expired operator withdraws once reinstated or renewed, a
    /// revoked one's fees are moved by the regulator ({moveClaims}).
    /// Requirements: platform not paused; fees accrued. Emits {FeesWithdrawn}.
    function withdrawFees() external returns (uint256 amount);

    // ---------------------------------------------------------------- step 7: repay and claim
    /// @notice Pays up to `maxAmount` towards the loan, from the caller (anyone may repay for the enterprise).
    /// The payment is capped at what settles the loan now; recoveries after a guarantee payout go to the
    /// guarantor first. Never blocked by a freeze or a pause; the enterprise repays its own loans whatever its
    /// admission status, while any other payer must be active (so a suspended account cannot move its money out
    /// by repaying someone else's loan).
    /// Requirements: loan active, late, defaulted or compensated; something owed; payer the enterprise or active.
    /// Emits {Repaid} (and {LoanCured} or {LoanClosed} with {LoanStateChanged}).
    function repay(uint256 id, uint256 maxAmount) external returns (uint256 paid);
    /// @notice Pays the caller its share of everything distributed to the loan's investors so far.
    /// Requirements: loan disbursed, not frozen; something to claim. Emits {Claimed}.
    function claim(uint256 id) external returns (uint256 amount);
    /// @notice The guarantor collects recoveries credited to it after its bond paid out.
    /// Emits {RecoveryClaimed}.
    function claimRecovery(uint256 id) external returns (uint256 amount);
    /// @notice The guarantor takes back the bond no longer needed: after full repayment, a cancelled or failed
    /// raise, or what is left of it after a default payout. Emits {BondReleased}.
    function releaseBond(uint256 id) external;

    // ---------------------------------------------------------------- step 7, continued: late, default, guarantee
    /// @notice The operator or regulator declares a loan late: an instalment is unpaid past its due date plus
    /// the grace period. Emits {LoanLate} and {LoanStateChanged}.
    function markLate(uint256 id) external;
    /// @notice The operator or regulator declares default: an instalment is unpaid past its due date plus the
    /// default period. The whole balance falls due (principal outstanding plus the current instalment), and a
    /// guarantee bond pays it into the investors' pool up to its coverage; the guarantor then recovers first.
    /// Emits {LoanDefaulted}, {LoanStateChanged} (and {GuaranteePaid} with a second {LoanStateChanged}).
    function declareDefault(uint256 id) external;

    // ---------------------------------------------------------------- regulator
    /// @notice Any active regulator freezes a loan at once (an emergency measure): no funding, no payout,
    /// repayment still accepted. Requirements: a non-empty `reason` ({LoanBookEmptyReason}). Emits {LoanFrozen}.
    function freeze(uint256 id, string calldata reason) external;
    /// @notice The supervisory committee lifts a freeze. Emits {LoanUnfrozen}.
    function unfreeze(uint256 id) external;
    /// @notice The supervisory committee sends the {surplus} (tokens sent to the LoanBook outside any loan) to `to`.
    /// Requirements: caller the committee; platform not paused; a surplus. Emits {SurplusSwept}.
    function sweepSurplus(address to) external returns (uint256 amount);
    /// @notice The supervisory committee moves what a revoked participant is owed to `to`, an account it names (a successor,
    /// an administrator): its position in each loan of `ids` (contribution, claims, refund), its guarantor role
    /// there (bond, recoveries), and its accrued fees. Nothing is paid out; `to` claims as the participant would.
    /// Requirements: caller the committee; `from` revoked; `to` may hold the token and has no position of
    /// its own in those loans. Emits {ClaimsMoved} for each loan and {FeesMoved} when fees moved.
    function moveClaims(uint256[] calldata ids, address from, address to) external;

    // ---------------------------------------------------------------- views
    /// @notice Tokens the LoanBook holds beyond {totalHeld}: sent to it directly, owed to no loan or operator.
    function surplus() external view returns (uint256);
    /// @notice The loan `id`: its enterprise, state, freeze, listing and terms. Reverts for an unknown id.
    function getLoan(uint256 id) external view returns (Loan memory);
    /// @notice Where the tokens of loan `id` sit ({Accounts}). Reverts for an unknown id.
    function getAccounts(uint256 id) external view returns (Accounts memory);
    /// @notice `investor`'s contribution to loan `id`, what it has claimed, and whether it took its refund.
    function getPosition(uint256 id, address investor) external view returns (Position memory);
    /// @notice What `investor` may claim from loan `id` now: its share of the distributions, less its claims.
    function claimable(uint256 id, address investor) external view returns (uint256);
    /// @notice Tokens the LoanBook holds for loan `id`; summed over all loans it equals the LoanBook's balance.
    function heldFor(uint256 id) external view returns (uint256);
    /// @notice Cumulative amount owed after instalment `k` by the loan's schedule (target amount before disbursement).
    function dueAfter(uint256 id, uint256 k) external view returns (uint256);
    /// @notice The next instalment: its number, due date and what remains to pay on it (0 when paid ahead).
    function nextInstalment(uint256 id) external view returns (uint256 k, uint256 dueAt, uint256 amount);
    /// @notice What the enterprise must still pay to close the loan now.
    function amountToClose(uint256 id) external view returns (uint256);
    /// @notice Amount overdue now past `offset` seconds after due dates (0, the grace or the default period).
    function overdue(uint256 id, uint256 offset) external view returns (uint256);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RepaymentMethod} from "../libraries/ScheduleLib.sol";

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
    event LoanFrozen(uint256 indexed id, address indexed regulator, bytes32 reasonHash);
    event LoanUnfrozen(uint256 indexed id, address indexed regulator);
    /// @notice Platform fees accrued to `operator` at disbursements, paid out to it.
    event FeesWithdrawn(address indexed operator, uint256 amount);
    /// @notice Tokens the LoanBook held beyond what it owes (sent to it directly) were sent to `to`.
    event SurplusSwept(address indexed to, uint256 amount, address indexed regulator);
    /// @notice A revoked participant's position and guarantor role in loan `id` now belong to `to`.
    event ClaimsMoved(uint256 indexed id, address indexed from, address indexed to, address regulator);
    /// @notice A revoked participant's accrued fees now belong to `to`.
    event FeesMoved(address indexed from, address indexed to, uint256 amount, address regulator);
}

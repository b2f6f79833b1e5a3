// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransientUpgradeable} from
    "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardTransientUpgradeable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ILoanBook, LoanState, Terms, Loan, Accounts, Position} from "./interfaces/ILoanBook.sol";
import {IParticipantRegistry, Participant, Policy, Role, AGENCY_KINDS_MASK} from "./interfaces/IParticipantRegistry.sol";
import {IAttestationRegistry, AttestationKind} from "./interfaces/IAttestationRegistry.sol";
import {ScheduleLib} from "./libraries/ScheduleLib.sol";
import {ListingLib} from "./libraries/ListingLib.sol";
import {LoanScheduleLib} from "./libraries/LoanScheduleLib.sol";
import {MoveClaimsLib} from "./libraries/MoveClaimsLib.sol";

/// @title LoanBook
/// @notice One contract for every demand and loan: publication, review, listing under the regulator's policy,
/// funding into escrow, disbursement, scheduled repayment, pull-based distribution, late payment, default,
/// guarantee compensation and recovery.
/// @dev Functions follow check -> effects -> events -> token transfer. No loop runs over investors: a repayment
/// updates loan totals, each investor pulls `distributed * contributed / raised - claimed`, rounded down.
/// Repayment is accepted in every state that owes money, whether the loan is frozen or the platform paused.
/// Deployed behind an ERC-1967 proxy (UUPS); only the registry's committee may install a new implementation. Every
/// mutable field lives in one ERC-7201 namespaced struct. The reentrancy guard keeps its flag in transient
/// storage, so it adds no persistent state to the layout.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract LoanBook is ILoanBook, Initializable, ReentrancyGuardTransientUpgradeable, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    uint256 public constant MAX_INSTALMENTS = 360;
    uint256 public constant MIN_PERIOD = 1 days;
    uint256 public constant MAX_PERIOD = 365 days;
    uint256 public constant MAX_TERM = 30 * 365 days;
    uint256 public constant MIN_FUNDING_PERIOD = 1 hours;
    uint256 public constant MAX_FUNDING_PERIOD = 180 days;

    // The other system contracts are immutable, in the implementation's code: every new implementation is
    // constructed with the same addresses (the upgrade tests check it), and reading them costs no storage access.
    /// @inheritdoc ILoanBook
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry public immutable registry;
    /// @inheritdoc ILoanBook
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IAttestationRegistry public immutable attestations;
    /// @inheritdoc ILoanBook
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 public immutable token;

    /// @custom:storage-location erc7201:smefin.storage.LoanBook
    struct LoanBookStorage {
        uint256 loanCount;
        mapping(uint256 id => Loan) loans;
        mapping(uint256 id => Accounts) accounts;
        mapping(uint256 id => mapping(address investor => Position)) positions;
        mapping(uint256 id => mapping(address agency => uint8 kinds)) serviceRequests;
        mapping(address enterprise => uint256) outstandingOf;
        mapping(address operator => uint256) feesOf;
        uint256 totalHeld;
    }

    // keccak256(abi.encode(uint256(keccak256("smefin.storage.LoanBook")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x49abd352f1b498ee5329b6d7a7704706ec858253ec9f915f2d60b987c9f57300;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_, IAttestationRegistry attestations_, IERC20 token_) {
        registry = registry_;
        attestations = attestations_;
        token = token_;
        _disableInitializers();
    }

    function initialize() external initializer {
        __ReentrancyGuardTransient_init();
        __UUPSUpgradeable_init();
    }

    // ================================================================ step 1: publish

    /// @inheritdoc ILoanBook
    function publish(Terms calldata terms, bytes32 metadataHash, string calldata purpose)
        external
        returns (uint256 id)
    {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        _active(msg.sender, Role.Enterprise);
        if (terms.minRaise == 0 || terms.minRaise > terms.amount) revert LoanBookInvalidAmount(terms.amount, terms.minRaise);
        if (
            terms.instalments == 0 || terms.instalments > MAX_INSTALMENTS || terms.periodLength < MIN_PERIOD
                || terms.periodLength > MAX_PERIOD || uint256(terms.instalments) * terms.periodLength > MAX_TERM
        ) revert LoanBookInvalidSchedule(terms.instalments, terms.periodLength);
        if (terms.fundingPeriod < MIN_FUNDING_PERIOD || terms.fundingPeriod > MAX_FUNDING_PERIOD) {
            revert LoanBookInvalidFundingPeriod(terms.fundingPeriod);
        }
        Policy memory p = _policy();
        if (terms.rateBps > p.rateCapBps) revert LoanBookRateAboveCap(terms.rateBps, p.rateCapBps);

        id = ++$.loanCount;
        Loan storage loan = $.loans[id];
        loan.enterprise = msg.sender;
        loan.terms = terms;
        emit LoanPublished(id, msg.sender, terms, metadataHash, purpose);
        _setState(id, loan, LoanState.Published);
    }

    // ================================================================ step 2: review and service requests

    /// @inheritdoc ILoanBook
    function openReview(uint256 id) external {
        _requireNotPaused();
        _active(msg.sender, Role.Operator);
        Loan storage loan = _loanIn(id, LoanState.Published);
        emit ReviewOpened(id, msg.sender);
        _setState(id, loan, LoanState.UnderReview);
    }

    /// @inheritdoc ILoanBook
    function requestService(uint256 id, address agency, uint8 kinds) external {
        _requireNotPaused();
        _active(msg.sender, Role.Operator);
        _loanIn(id, LoanState.UnderReview);
        if (kinds == 0 || kinds & ~AGENCY_KINDS_MASK != 0) revert LoanBookInvalidServiceKinds(kinds);
        Participant memory a = _active(agency, Role.Agency);
        if (a.agencyKinds & kinds != kinds) revert LoanBookInvalidServiceKinds(kinds);
        _storage().serviceRequests[id][agency] |= kinds;
        emit ServiceRequested(id, agency, kinds, msg.sender);
    }

    // ================================================================ step 3: the agencies answer
    // Their attestations are recorded in the AttestationRegistry; a guarantor also locks its bond here.

    /// @inheritdoc ILoanBook
    function postBond(uint256 id, uint256 amount) external nonReentrant {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        registry.requireAccredited(msg.sender, uint8(AttestationKind.Guarantee));
        Loan storage loan = _loan(id);
        if (loan.state != LoanState.Published && loan.state != LoanState.UnderReview) {
            revert LoanBookInvalidState(id, loan.state);
        }
        if ($.serviceRequests[id][msg.sender] & (uint8(1) << uint8(AttestationKind.Guarantee)) == 0) {
            revert LoanBookServiceNotRequested(id, msg.sender);
        }
        if (amount == 0) revert LoanBookZeroAmount();
        Accounts storage acc = $.accounts[id];
        if (acc.guarantor == address(0)) acc.guarantor = msg.sender;
        else if (acc.guarantor != msg.sender) revert LoanBookGuarantorTaken(id, acc.guarantor);
        acc.bond += SafeCast.toUint128(amount);
        $.totalHeld += amount;
        emit BondPosted(id, msg.sender, amount, acc.bond);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    // ================================================================ step 4: list
    // Pushing a listing to matching investors is off-chain (lib/matching.ts), as is step 5, their decision.

    /// @inheritdoc ILoanBook
    function list(uint256 id, uint16 feeBps, bytes32[] calldata attestationUids) external {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        _active(msg.sender, Role.Operator);
        Loan storage loan = _loanIn(id, LoanState.UnderReview);
        address enterprise = loan.enterprise;
        _active(enterprise, Role.Enterprise);

        Policy memory p = _policy();
        uint256 amount = loan.terms.amount;
        if (loan.terms.rateBps > p.rateCapBps) revert LoanBookRateAboveCap(loan.terms.rateBps, p.rateCapBps);
        if (feeBps > p.feeCapBps) revert LoanBookFeeAboveCap(feeBps, p.feeCapBps);
        uint256 outstanding = $.outstandingOf[enterprise];
        if (outstanding + amount > p.enterpriseCap) {
            revert LoanBookOverEnterpriseCap(enterprise, outstanding, amount, p.enterpriseCap);
        }
        uint8 riskGrade = ListingLib.checkAttestations(attestations, id, enterprise, p.requiredKinds, attestationUids);

        $.outstandingOf[enterprise] = outstanding + amount;
        loan.riskGrade = riskGrade;
        loan.feeBps = feeBps;
        loan.operator = msg.sender;
        loan.fundingDeadline = uint40(block.timestamp + loan.terms.fundingPeriod);
        loan.drawdownDeadline = loan.fundingDeadline + p.drawdownPeriod;
        emit LoanListed(id, msg.sender, riskGrade, feeBps, loan.fundingDeadline, attestationUids);
        _setState(id, loan, LoanState.Listed);
    }

    /// @inheritdoc ILoanBook
    function unlist(uint256 id) external {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        _active(msg.sender, Role.Operator);
        Loan storage loan = _loanIn(id, LoanState.Listed);
        uint256 raised = $.accounts[id].raised;
        if (raised != 0) revert LoanBookRaiseNotEmpty(id, raised);
        $.outstandingOf[loan.enterprise] -= loan.terms.amount;
        emit LoanUnlisted(id, msg.sender);
        _setState(id, loan, LoanState.UnderReview);
    }

    // ================================================================ step 6: fund into escrow; the raise succeeds or fails

    /// @inheritdoc ILoanBook
    function fund(uint256 id, uint256 amount) external nonReentrant returns (uint256 funded) {
        return _fund(id, amount);
    }

    /// @inheritdoc ILoanBook
    function fundWithPermit(uint256 id, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256 funded)
    {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _fund(id, amount);
    }

    /// @inheritdoc ILoanBook
    function closeFunding(uint256 id) external {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loanIn(id, LoanState.Listed);
        if (block.timestamp < loan.fundingDeadline) revert LoanBookFundingOpen(id, loan.fundingDeadline);
        uint256 raised = $.accounts[id].raised;
        bool succeeded = raised >= loan.terms.minRaise;
        if (!succeeded) $.outstandingOf[loan.enterprise] -= loan.terms.amount;
        emit FundingClosed(id, succeeded, raised);
        _setState(id, loan, succeeded ? LoanState.Funded : LoanState.Failed);
    }

    /// @inheritdoc ILoanBook
    function cancel(uint256 id, bytes32 reasonHash) external {
        _requireNotPaused();
        Loan storage loan = _loan(id);
        LoanState state = loan.state;
        if (
            msg.sender != loan.enterprise
                && (state != LoanState.Funded || block.timestamp < loan.drawdownDeadline)
        ) _active(msg.sender, Role.Operator);
        if (state == LoanState.Listed || state == LoanState.Funded) {
            _storage().outstandingOf[loan.enterprise] -= loan.terms.amount;
        } else if (state != LoanState.Published && state != LoanState.UnderReview) {
            revert LoanBookInvalidState(id, state);
        }
        emit LoanCancelled(id, msg.sender, reasonHash);
        _setState(id, loan, LoanState.Cancelled);
    }

    /// @inheritdoc ILoanBook
    function refund(uint256 id) external nonReentrant {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loan(id);
        if (loan.state != LoanState.Cancelled && loan.state != LoanState.Failed) {
            revert LoanBookInvalidState(id, loan.state);
        }
        if (loan.frozen) revert LoanBookFrozen(id);
        Position storage pos = $.positions[id][msg.sender];
        uint256 amount = pos.contributed;
        if (amount == 0 || pos.refunded) revert LoanBookNothingToRefund(id, msg.sender);
        pos.refunded = true;
        $.accounts[id].escrow -= uint128(amount);
        $.totalHeld -= amount;
        emit Refunded(id, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ================================================================ step 6, continued: disbursement and the platform fee

    /// @inheritdoc ILoanBook
    function disburse(uint256 id) external nonReentrant {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loanIn(id, LoanState.Funded);
        if (msg.sender != loan.enterprise) revert LoanBookNotEnterprise(id, msg.sender);
        _active(msg.sender, Role.Enterprise);
        if (loan.frozen) revert LoanBookFrozen(id);
        if (block.timestamp >= loan.drawdownDeadline) revert LoanBookDrawdownExpired(id, loan.drawdownDeadline);
        Accounts storage acc = $.accounts[id];
        uint128 principal = acc.raised;
        uint256 fee = (uint256(principal) * loan.feeBps) / ScheduleLib.BPS;
        acc.principal = principal;
        acc.escrow = 0;
        $.feesOf[loan.operator] += fee;
        $.totalHeld -= principal - fee;
        $.outstandingOf[loan.enterprise] -= loan.terms.amount - principal;
        loan.startedAt = uint40(block.timestamp);
        emit Disbursed(id, msg.sender, loan.operator, principal, fee);
        _setState(id, loan, LoanState.Active);
        token.safeTransfer(msg.sender, principal - fee);
    }

    /// @inheritdoc ILoanBook
    function withdrawFees() external nonReentrant returns (uint256 amount) {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        amount = $.feesOf[msg.sender];
        if (amount == 0) revert LoanBookNothingToWithdraw(msg.sender);
        $.feesOf[msg.sender] = 0;
        $.totalHeld -= amount;
        emit FeesWithdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ================================================================ step 7: repay and claim

    /// @inheritdoc ILoanBook
    function repay(uint256 id, uint256 maxAmount) external nonReentrant returns (uint256 paid) {
        LoanBookStorage storage $ = _storage();
        Loan storage loan = _loan(id);
        LoanState state = loan.state;
        if (state != LoanState.Active && state != LoanState.Late && state != LoanState.Defaulted
            && state != LoanState.Compensated) revert LoanBookInvalidState(id, state);
        if (msg.sender != loan.enterprise && !registry.isActive(msg.sender)) revert LoanBookPayerNotActive(id, msg.sender);
        Accounts storage acc = $.accounts[id];
        uint256 settlement = acc.closingAmount != 0 ? acc.closingAmount : LoanScheduleLib.payoff(loan, acc.principal);
        uint256 repaid = acc.repaid;
        paid = Math.min(maxAmount, settlement - repaid);
        if (paid == 0) revert LoanBookZeroAmount();
        $.totalHeld += paid;

        uint256 toGuarantor = Math.min(paid, acc.guaranteePaid - acc.recovered);
        acc.recovered += uint128(toGuarantor);
        acc.distributed += uint128(paid - toGuarantor);
        repaid += paid;
        acc.repaid = SafeCast.toUint128(repaid);
        emit Repaid(id, msg.sender, paid, paid - toGuarantor, toGuarantor, repaid);

        if (repaid == settlement) {
            $.outstandingOf[loan.enterprise] -= acc.principal;
            emit LoanClosed(id, repaid);
            _setState(id, loan, LoanState.Repaid);
        } else if (state == LoanState.Late && repaid >= LoanScheduleLib.dueNow(loan, acc.principal, 0)) {
            emit LoanCured(id);
            _setState(id, loan, LoanState.Active);
        }
        token.safeTransferFrom(msg.sender, address(this), paid);
    }

    /// @inheritdoc ILoanBook
    function claim(uint256 id) external nonReentrant returns (uint256 amount) {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loan(id);
        if (loan.frozen) revert LoanBookFrozen(id);
        Position storage pos = $.positions[id][msg.sender];
        amount = _claimable($.accounts[id], pos);
        if (amount == 0) revert LoanBookNothingToClaim(id, msg.sender);
        pos.claimed += SafeCast.toUint120(amount);
        $.accounts[id].claimed += uint128(amount);
        $.totalHeld -= amount;
        emit Claimed(id, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILoanBook
    function claimRecovery(uint256 id) external nonReentrant returns (uint256 amount) {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loan(id);
        if (loan.frozen) revert LoanBookFrozen(id);
        Accounts storage acc = $.accounts[id];
        if (msg.sender != acc.guarantor) revert LoanBookNotGuarantor(id, msg.sender);
        amount = acc.recovered - acc.recoveryClaimed;
        if (amount == 0) revert LoanBookNothingToClaim(id, msg.sender);
        acc.recoveryClaimed = acc.recovered;
        $.totalHeld -= amount;
        emit RecoveryClaimed(id, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILoanBook
    function releaseBond(uint256 id) external nonReentrant {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Loan storage loan = _loan(id);
        LoanState state = loan.state;
        if (state != LoanState.Repaid && state != LoanState.Cancelled && state != LoanState.Failed
            && state != LoanState.Defaulted && state != LoanState.Compensated) revert LoanBookInvalidState(id, state);
        if (loan.frozen) revert LoanBookFrozen(id);
        Accounts storage acc = $.accounts[id];
        if (msg.sender != acc.guarantor) revert LoanBookNotGuarantor(id, msg.sender);
        uint256 amount = acc.bond;
        if (amount == 0) revert LoanBookNoBond(id);
        acc.bond = 0;
        $.totalHeld -= amount;
        emit BondReleased(id, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ================================================================ step 7, continued: late, default, guarantee

    /// @inheritdoc ILoanBook
    function markLate(uint256 id) external {
        _requireNotPaused();
        _requireOperatorOrRegulator();
        Loan storage loan = _loanIn(id, LoanState.Active);
        Accounts storage acc = _storage().accounts[id];
        uint256 due = LoanScheduleLib.dueNow(loan, acc.principal, _policy().gracePeriod);
        if (acc.repaid >= due) revert LoanBookNotOverdue(id, acc.repaid, due);
        emit LoanLate(id, msg.sender, due - acc.repaid);
        _setState(id, loan, LoanState.Late);
    }

    /// @inheritdoc ILoanBook
    function declareDefault(uint256 id) external {
        _requireNotPaused();
        _requireOperatorOrRegulator();
        Loan storage loan = _loan(id);
        if (loan.state != LoanState.Active && loan.state != LoanState.Late) revert LoanBookInvalidState(id, loan.state);
        Accounts storage acc = _storage().accounts[id];
        uint256 due = LoanScheduleLib.dueNow(loan, acc.principal, _policy().defaultPeriod);
        if (acc.repaid >= due) revert LoanBookNotOverdue(id, acc.repaid, due);

        uint256 closing = LoanScheduleLib.payoff(loan, acc.principal);
        uint256 outstanding = closing - acc.repaid;
        acc.closingAmount = SafeCast.toUint128(closing);
        emit LoanDefaulted(id, msg.sender, outstanding);
        _setState(id, loan, LoanState.Defaulted);

        uint256 payout = Math.min(acc.bond, outstanding);
        if (payout != 0) {
            acc.bond -= uint128(payout);
            acc.guaranteePaid = uint128(payout);
            acc.distributed += uint128(payout);
            emit GuaranteePaid(id, acc.guarantor, payout);
            _setState(id, loan, LoanState.Compensated);
        }
    }

    // ================================================================ regulator

    /// @inheritdoc ILoanBook
    function freeze(uint256 id, string calldata reason) external {
        _active(msg.sender, Role.Regulator);
        bytes32 reasonHash = _reasonHash(reason);
        Loan storage loan = _loan(id);
        if (loan.frozen) revert LoanBookFrozen(id);
        loan.frozen = true;
        emit LoanFrozen(id, msg.sender, reasonHash, reason);
    }

    /// @inheritdoc ILoanBook
    function unfreeze(uint256 id) external {
        _requireCommittee();
        Loan storage loan = _loan(id);
        if (!loan.frozen) revert LoanBookInvalidState(id, loan.state);
        loan.frozen = false;
        emit LoanUnfrozen(id, msg.sender);
    }

    /// @inheritdoc ILoanBook
    function sweepSurplus(address to) external nonReentrant returns (uint256 amount) {
        _requireNotPaused();
        _requireCommittee();
        amount = surplus();
        if (amount == 0) revert LoanBookNoSurplus();
        emit SurplusSwept(to, amount, msg.sender);
        token.safeTransfer(to, amount);
    }

    /// @inheritdoc ILoanBook
    function moveClaims(uint256[] calldata ids, address from, address to) external {
        _requireCommittee();
        LoanBookStorage storage $ = _storage();
        MoveClaimsLib.moveClaims($.loans, $.accounts, $.positions, $.feesOf, registry, ids, from, to);
    }

    // ================================================================ views

    /// @inheritdoc ILoanBook
    function loanCount() external view returns (uint256) {
        return _storage().loanCount;
    }

    /// @inheritdoc ILoanBook
    function serviceRequests(uint256 id, address agency) external view returns (uint8 kinds) {
        return _storage().serviceRequests[id][agency];
    }

    /// @inheritdoc ILoanBook
    function outstandingOf(address enterprise) external view returns (uint256) {
        return _storage().outstandingOf[enterprise];
    }

    /// @inheritdoc ILoanBook
    function feesOf(address operator) external view returns (uint256) {
        return _storage().feesOf[operator];
    }

    /// @inheritdoc ILoanBook
    function totalHeld() external view returns (uint256) {
        return _storage().totalHeld;
    }

    /// @inheritdoc ILoanBook
    function surplus() public view returns (uint256) {
        return token.balanceOf(address(this)) - _storage().totalHeld;
    }

    /// @inheritdoc ILoanBook
    function getLoan(uint256 id) external view returns (Loan memory) {
        return _loan(id);
    }

    /// @inheritdoc ILoanBook
    function getAccounts(uint256 id) external view returns (Accounts memory) {
        _loan(id);
        return _storage().accounts[id];
    }

    /// @inheritdoc ILoanBook
    function getPosition(uint256 id, address investor) external view returns (Position memory) {
        return _storage().positions[id][investor];
    }

    /// @inheritdoc ILoanBook
    function claimable(uint256 id, address investor) external view returns (uint256) {
        LoanBookStorage storage $ = _storage();
        return _claimable($.accounts[id], $.positions[id][investor]);
    }

    /// @inheritdoc ILoanBook
    function heldFor(uint256 id) public view returns (uint256) {
        Accounts storage acc = _storage().accounts[id];
        return uint256(acc.escrow) + (acc.distributed - acc.claimed) + (acc.recovered - acc.recoveryClaimed) + acc.bond;
    }

    /// @inheritdoc ILoanBook
    function dueAfter(uint256 id, uint256 k) external view returns (uint256) {
        return LoanScheduleLib.dueAfter(_loan(id), _storage().accounts[id], k);
    }

    /// @inheritdoc ILoanBook
    function nextInstalment(uint256 id) external view returns (uint256 k, uint256 dueAt, uint256 amount) {
        return LoanScheduleLib.nextInstalment(_loan(id), _storage().accounts[id]);
    }

    /// @inheritdoc ILoanBook
    function amountToClose(uint256 id) external view returns (uint256) {
        return LoanScheduleLib.amountToClose(_loan(id), _storage().accounts[id]);
    }

    /// @inheritdoc ILoanBook
    function overdue(uint256 id, uint256 offset) external view returns (uint256) {
        return LoanScheduleLib.overdue(_loan(id), _storage().accounts[id], offset);
    }

    // ================================================================ internals

    /// @dev Only the registry's committee installs a new implementation.
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != registry.committee()) revert LoanBookNotCommittee(msg.sender);
    }

    function _storage() internal pure returns (LoanBookStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }

    function _fund(uint256 id, uint256 amount) internal returns (uint256) {
        LoanBookStorage storage $ = _storage();
        _requireNotPaused();
        Participant memory investor = _active(msg.sender, Role.Investor);
        Loan storage loan = _loanIn(id, LoanState.Listed);
        if (loan.frozen) revert LoanBookFrozen(id);
        if (block.timestamp >= loan.fundingDeadline) revert LoanBookFundingClosed(id, loan.fundingDeadline);
        if (investor.suitability < loan.riskGrade) {
            revert LoanBookUnsuitableInvestor(msg.sender, investor.suitability, loan.riskGrade);
        }
        if (amount == 0) revert LoanBookZeroAmount();
        Accounts storage acc = $.accounts[id];
        uint256 remaining = loan.terms.amount - acc.raised;
        if (amount > remaining) {
            amount = remaining;
        } else if (amount < remaining) {
            uint256 minimum = _policy().minContribution;
            if (amount < minimum) revert LoanBookBelowMinContribution(id, amount, minimum);
        }
        $.totalHeld += amount;

        $.positions[id][msg.sender].contributed += uint128(amount);
        acc.raised += uint128(amount);
        acc.escrow += uint128(amount);
        emit LoanFunded(id, msg.sender, amount, acc.raised);
        if (amount == remaining) {
            emit FundingClosed(id, true, acc.raised);
            _setState(id, loan, LoanState.Funded);
        }
        token.safeTransferFrom(msg.sender, address(this), amount);
        return amount;
    }

    function _claimable(Accounts storage acc, Position storage pos) internal view returns (uint256) {
        if (acc.principal == 0 || pos.contributed == 0) return 0;
        // Rounded down: the pool keeps the dust, no claimant can take another's share.
        return Math.mulDiv(acc.distributed, pos.contributed, acc.raised) - pos.claimed;
    }

    function _setState(uint256 id, Loan storage loan, LoanState to) internal {
        emit LoanStateChanged(id, loan.state, to);
        loan.state = to;
    }

    function _loan(uint256 id) internal view returns (Loan storage loan) {
        loan = _storage().loans[id];
        if (loan.state == LoanState.None) revert LoanBookUnknownLoan(id);
    }

    function _loanIn(uint256 id, LoanState state) internal view returns (Loan storage loan) {
        loan = _loan(id);
        if (loan.state != state) revert LoanBookInvalidState(id, loan.state);
    }

    /// @dev One call site for the registry's role check (keeps the contract under the size limit).
    function _active(address account, Role role) internal view returns (Participant memory) {
        return registry.requireActive(account, role);
    }

    /// @dev The policy in force, read in one place (virtual: a later version may adjust how it applies).
    function _policy() internal view virtual returns (Policy memory) {
        return registry.policy();
    }

    function _requireNotPaused() internal view {
        if (registry.paused()) revert LoanBookPaused();
    }

    function _requireCommittee() internal view {
        if (msg.sender != registry.committee()) revert LoanBookNotCommittee(msg.sender);
    }

    function _requireOperatorOrRegulator() internal view {
        if (registry.participant(msg.sender).role == Role.Regulator) _active(msg.sender, Role.Regulator);
        else _active(msg.sender, Role.Operator);
    }

    /// @dev The hash the event records beside a reason's text; an empty reason is refused.
    function _reasonHash(string calldata reason) internal pure returns (bytes32) {
        if (bytes(reason).length == 0) revert LoanBookEmptyReason();
        return keccak256(bytes(reason));
    }
}

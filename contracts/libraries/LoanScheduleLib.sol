// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LoanState, Loan, Accounts} from "../interfaces/ILoanBook.sol";
import {ScheduleLib} from "./ScheduleLib.sol";

/// @title LoanScheduleLib
/// @notice A booked loan's schedule: what is due by now, what settles it, and the views the LoanBook answers with.
/// @dev The internal functions are compiled into the LoanBook (repayment, late payment and default use them); the
/// external ones are the LoanBook's schedule views, linked beside it so that the LoanBook with its upgrade entry
/// points stays under the 24,576-byte limit. They read the loan through storage pointers and hold no state.
library LoanScheduleLib {
    /// @dev Cumulative schedule amount of the instalments due `offset` seconds ago or earlier.
    function dueNow(Loan storage loan, uint256 principal, uint256 offset) internal view returns (uint256) {
        uint256 n = loan.terms.instalments;
        uint256 k = ScheduleLib.instalmentsPassed(loan.startedAt, loan.terms.periodLength, n, block.timestamp, offset);
        return ScheduleLib.dueAfterUp(principal, loan.terms.method, rate(loan), n, k);
    }

    /// @dev What settles the loan now: the instalment in progress plus the principal left after it.
    function payoff(Loan storage loan, uint256 principal) internal view returns (uint256) {
        uint256 n = loan.terms.instalments;
        uint256 k = Math.min(n, ScheduleLib.instalmentsPassed(loan.startedAt, loan.terms.periodLength, n, block.timestamp, 0) + 1);
        return ScheduleLib.payoffUp(principal, loan.terms.method, rate(loan), n, k);
    }

    function rate(Loan storage loan) internal view returns (uint256) {
        return ScheduleLib.periodRateWad(loan.terms.rateBps, loan.terms.periodLength);
    }

    /// @notice Cumulative amount due after instalment `k`, on the disbursed principal (the target before that).
    function dueAfter(Loan storage loan, Accounts storage acc, uint256 k) external view returns (uint256) {
        uint256 principal = acc.principal != 0 ? acc.principal : loan.terms.amount;
        return ScheduleLib.dueAfterUp(principal, loan.terms.method, rate(loan), loan.terms.instalments, k);
    }

    /// @notice The instalment in progress, its due time and what is still unpaid of it; zeros before disbursement.
    function nextInstalment(Loan storage loan, Accounts storage acc)
        external
        view
        returns (uint256 k, uint256 dueAt, uint256 amount)
    {
        if (loan.startedAt == 0) return (0, 0, 0);
        uint256 n = loan.terms.instalments;
        k = Math.min(n, ScheduleLib.instalmentsPassed(loan.startedAt, loan.terms.periodLength, n, block.timestamp, 0) + 1);
        dueAt = loan.startedAt + k * loan.terms.periodLength;
        uint256 due = ScheduleLib.dueAfterUp(acc.principal, loan.terms.method, rate(loan), n, k);
        amount = due > acc.repaid ? due - acc.repaid : 0;
    }

    /// @notice What the enterprise must still pay to close the loan now; zero in a state that owes nothing.
    function amountToClose(Loan storage loan, Accounts storage acc) external view returns (uint256) {
        LoanState state = loan.state;
        if (state != LoanState.Active && state != LoanState.Late && state != LoanState.Defaulted
            && state != LoanState.Compensated) return 0;
        uint256 settlement = acc.closingAmount != 0 ? acc.closingAmount : payoff(loan, acc.principal);
        return settlement - acc.repaid;
    }

    /// @notice What is unpaid of the instalments due `offset` seconds ago or earlier; zero before disbursement.
    function overdue(Loan storage loan, Accounts storage acc, uint256 offset) external view returns (uint256) {
        if (loan.startedAt == 0) return 0;
        uint256 due = dueNow(loan, acc.principal, offset);
        return due > acc.repaid ? due - acc.repaid : 0;
    }
}

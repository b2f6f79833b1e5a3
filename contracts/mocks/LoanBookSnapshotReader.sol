// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LoanBook} from "../LoanBook.sol";
import {Loan, Accounts, Position} from "../interfaces/ILoanBook.sol";

/// @title LoanBookSnapshotReader
/// @notice Reads everything the property test checks after each step in one call: the book's balance, the
/// balances of the given accounts and the fees accrued to them, and, per loan, its record, accounts, holdings, schedule total, amount to
/// close and the positions of the given accounts.
/// @dev For tests only; it changes nothing.
contract LoanBookSnapshotReader {
    struct LoanView {
        Loan loan;
        Accounts accounts;
        uint256 held;
        uint256 scheduleTotal;
        uint256 toClose;
        uint256 enterpriseOutstanding;
        Position[] positions;
    }

    function read(LoanBook book, address[] calldata accounts)
        external
        view
        returns (uint256 bookBalance, uint256[] memory balances, LoanView[] memory loans, uint256 fees)
    {
        IERC20 token = book.token();
        bookBalance = token.balanceOf(address(book));
        balances = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            balances[i] = token.balanceOf(accounts[i]);
            fees += book.feesOf(accounts[i]);
        }
        uint256 count = book.loanCount();
        loans = new LoanView[](count);
        for (uint256 id = 1; id <= count; ++id) {
            LoanView memory v = loans[id - 1];
            v.loan = book.getLoan(id);
            v.accounts = book.getAccounts(id);
            v.held = book.heldFor(id);
            v.scheduleTotal = book.dueAfter(id, v.loan.terms.instalments);
            v.toClose = book.amountToClose(id);
            v.enterpriseOutstanding = book.outstandingOf(v.loan.enterprise);
            v.positions = new Position[](accounts.length);
            for (uint256 i; i < accounts.length; ++i) v.positions[i] = book.getPosition(id, accounts[i]);
        }
    }
}

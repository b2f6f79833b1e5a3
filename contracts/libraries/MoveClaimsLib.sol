// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ILoanBook, LoanState, Loan, Accounts, Position} from "../interfaces/ILoanBook.sol";
import {IParticipantRegistry, Status} from "../interfaces/IParticipantRegistry.sol";

/// @title MoveClaimsLib
/// @notice The regulator's transfer of a revoked participant's claims (positions, guarantees, fees) to another
/// account, for {ILoanBook.moveClaims}.
/// @dev A linked (external) library: its code lives beside the LoanBook, which keeps the LoanBook with its upgrade
/// entry points under the 24,576-byte limit. It runs by delegatecall on the LoanBook's own storage, passed as
/// pointers, and holds no state of its own. The caller has checked that the sender is an active regulator.
library MoveClaimsLib {
    function moveClaims(
        mapping(uint256 id => Loan) storage loans,
        mapping(uint256 id => Accounts) storage accounts,
        mapping(uint256 id => mapping(address investor => Position)) storage positions,
        mapping(address operator => uint256) storage feesOf,
        IParticipantRegistry registry,
        uint256[] calldata ids,
        address from,
        address to
    ) external {
        if (registry.participant(from).status != Status.Revoked) revert ILoanBook.LoanBookNotRevoked(from);
        if (!registry.canHold(to)) revert ILoanBook.LoanBookCannotHold(to);
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (loans[id].state == LoanState.None) revert ILoanBook.LoanBookUnknownLoan(id);
            Position storage pos = positions[id][from];
            if (pos.contributed != 0) {
                if (positions[id][to].contributed != 0) revert ILoanBook.LoanBookPositionTaken(id, to);
                positions[id][to] = pos;
                delete positions[id][from];
            }
            Accounts storage acc = accounts[id];
            if (acc.guarantor == from) acc.guarantor = to;
            emit ILoanBook.ClaimsMoved(id, from, to, msg.sender);
        }
        uint256 fees = feesOf[from];
        if (fees != 0) {
            feesOf[from] = 0;
            feesOf[to] += fees;
            emit ILoanBook.FeesMoved(from, to, fees, msg.sender);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Test contract that moves a holder's approved tokens, into itself or to someone else.
contract TokenSpenderMock {
    function pull(IERC20 token, address from, uint256 amount) external {
        token.transferFrom(from, address(this), amount);
    }

    function pullTo(IERC20 token, address from, address to, uint256 amount) external {
        token.transferFrom(from, to, amount);
    }
}

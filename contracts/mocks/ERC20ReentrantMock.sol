// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ERC20ReentrantMock
/// @notice Test token whose every balance change calls back into a target (a LoanBook) with preset calldata, as a
/// token with transfer hooks (ERC-777 style) would let a malicious holder do. The callback's revert is bubbled up.
/// @dev For tests only. The real DepositToken has no hooks; this guards the LoanBook against a future token that has.
contract ERC20ReentrantMock is ERC20 {
    address public callbackTarget;
    bytes public callbackData;

    constructor() ERC20("Reentrant", "REENTER") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook: every later transfer calls `target_` with `data_`. An empty `data_` disarms it.
    function setCallback(address target_, bytes calldata data_) external {
        callbackTarget = target_;
        callbackData = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (callbackData.length == 0 || from == address(0)) return;
        (bool ok, bytes memory reason) = callbackTarget.call(callbackData);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }
}

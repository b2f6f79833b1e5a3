// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {DepositToken} from "../DepositToken.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";

/// @notice A second version of the deposit token for the upgrade tests: the same rules, and `version() == 2`.
contract DepositTokenV2Mock is DepositToken {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_) DepositToken(registry_) {}

    function version() external pure returns (uint256) {
        return 2;
    }
}

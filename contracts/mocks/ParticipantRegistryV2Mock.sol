// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ParticipantRegistry} from "../ParticipantRegistry.sol";

/// @notice A second version of the registry for the upgrade tests: the same rules, and `version() == 2`.
contract ParticipantRegistryV2Mock is ParticipantRegistry {
    function version() external pure returns (uint256) {
        return 2;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {SupervisoryCommittee} from "../governance/SupervisoryCommittee.sol";

/// @notice A second version of the committee for the upgrade test: the same storage plus one new function, so the
/// test can tell the new logic is in force and every setting and proposal was kept.
contract SupervisoryCommitteeV2Mock is SupervisoryCommittee {
    function version() external pure returns (uint256) {
        return 2;
    }
}

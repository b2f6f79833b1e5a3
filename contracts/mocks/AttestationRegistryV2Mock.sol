// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AttestationRegistry} from "../AttestationRegistry.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";

/// @notice A second version of the attestation registry for the upgrade tests: the same rules, and
/// `version() == 2`.
contract AttestationRegistryV2Mock is AttestationRegistry {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_) AttestationRegistry(registry_) {}

    function version() external pure returns (uint256) {
        return 2;
    }
}

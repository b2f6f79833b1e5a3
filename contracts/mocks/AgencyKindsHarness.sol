// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AGENCY_KINDS_MASK} from "../interfaces/IParticipantRegistry.sol";

/// @title AgencyKindsHarness
/// @notice Exposes the contracts' agency-kind mask so that a test can compare it with lib/attestations.ts.
/// @dev Test-only; never deployed by the system.
contract AgencyKindsHarness {
    function agencyKindsMask() external pure returns (uint8) {
        return AGENCY_KINDS_MASK;
    }
}

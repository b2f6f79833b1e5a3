// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ScheduleLib, RepaymentMethod} from "../libraries/ScheduleLib.sol";
import {RiskGradeLib} from "../libraries/RiskGradeLib.sol";

/// @title ScheduleAndRiskLibHarness
/// @notice Exposes ScheduleLib and RiskGradeLib so that tests can compare them with lib/schedule.ts and lib/risk.ts.
/// @dev Test-only; never deployed by the system.
contract ScheduleAndRiskLibHarness {
    function periodRateWad(uint256 rateBps, uint256 periodLength) external pure returns (uint256) {
        return ScheduleLib.periodRateWad(rateBps, periodLength);
    }

    function rpowDown(uint256 x, uint256 n) external pure returns (uint256) {
        return ScheduleLib.rpowDown(x, n);
    }

    function instalmentUp(uint256 principal, uint256 rWad, uint256 n) external pure returns (uint256) {
        return ScheduleLib.instalmentUp(principal, rWad, n);
    }

    function dueAfterUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        external
        pure
        returns (uint256)
    {
        return ScheduleLib.dueAfterUp(principal, method, rWad, n, k);
    }

    function remainingPrincipalUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        external
        pure
        returns (uint256)
    {
        return ScheduleLib.remainingPrincipalUp(principal, method, rWad, n, k);
    }

    function payoffUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        external
        pure
        returns (uint256)
    {
        return ScheduleLib.payoffUp(principal, method, rWad, n, k);
    }

    function instalmentsPassed(uint256 startedAt, uint256 periodLength, uint256 n, uint256 t, uint256 offset)
        external
        pure
        returns (uint256)
    {
        return ScheduleLib.instalmentsPassed(startedAt, periodLength, n, t, offset);
    }

    /// @notice Due, remaining principal and payoff (0 for k = 0) at each instalment number of `ks`, in one call.
    function valuesAt(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256[] calldata ks)
        external
        pure
        returns (uint256[] memory due, uint256[] memory remaining, uint256[] memory payoff)
    {
        due = new uint256[](ks.length);
        remaining = new uint256[](ks.length);
        payoff = new uint256[](ks.length);
        for (uint256 i; i < ks.length; ++i) {
            uint256 k = ks[i];
            due[i] = ScheduleLib.dueAfterUp(principal, method, rWad, n, k);
            remaining[i] = ScheduleLib.remainingPrincipalUp(principal, method, rWad, n, k);
            if (k != 0) payoff[i] = ScheduleLib.payoffUp(principal, method, rWad, n, k);
        }
    }

    function isRating(uint256 code) external pure returns (bool) {
        return RiskGradeLib.isRating(code);
    }

    function gradeOf(uint256 code) external pure returns (uint8) {
        return RiskGradeLib.gradeOf(code);
    }

    function unratedGrade() external pure returns (uint8) {
        return RiskGradeLib.UNRATED_GRADE;
    }
}

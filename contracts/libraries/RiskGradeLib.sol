// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title RiskGradeLib
/// @notice Credit ratings are recorded as codes 1..10 (AAA, AA, A, BBB, BB, B, CCC, CC, C, D); a loan's risk
/// grade 1..5 follows from its rating, and an investor may fund it only with a suitability level at least as high.
/// @dev lib/risk.ts holds the same table.
library RiskGradeLib {
    uint8 internal constant UNRATED_GRADE = 5;
    uint256 internal constant LOWEST_RATING = 10;

    function isRating(uint256 code) internal pure returns (bool) {
        return code >= 1 && code <= LOWEST_RATING;
    }

    /// @notice AAA-AA -> 1, A -> 2, BBB -> 3, BB -> 4, B and below -> 5; anything that is not a rating is
    /// treated as unrated (the riskiest grade), never as the safest.
    function gradeOf(uint256 code) internal pure returns (uint8) {
        if (!isRating(code)) return UNRATED_GRADE;
        if (code <= 2) return 1;
        if (code <= 5) return uint8(code - 1);
        return 5;
    }
}

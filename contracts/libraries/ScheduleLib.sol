// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice The three repayment methods Chinese lenders offer.
enum RepaymentMethod {
    /// @dev 先息后本: interest every period, all principal with the last instalment.
    InterestFirst,
    /// @dev 等额本金: equal principal every period plus interest on the remaining balance.
    EqualPrincipal,
    /// @dev 等额本息: equal instalments (annuity).
    EqualInstalment
}

/// @title ScheduleLib
/// @notice Closed-form repayment schedules. `dueAfterUp(k)` is the cumulative amount owed after instalment k;
/// `payoffUp(k)` is what closes the loan during instalment k (that instalment's amount plus the principal still
/// outstanding after it). Every amount owed is rounded up, in favour of the investors' pool.
/// @dev lib/schedule.ts computes the same integers in TypeScript; the two are tested against each other.
library ScheduleLib {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;

    /// @notice Interest rate of one period, in WAD, rounded down.
    function periodRateWad(uint256 rateBps, uint256 periodLength) internal pure returns (uint256) {
        return (rateBps * WAD * periodLength) / (BPS * YEAR);
    }

    /// @notice `x ** n` for a WAD number, rounding down at every step.
    /// @dev Squares only while bits of `n` remain, so no intermediate exceeds `x ** n`.
    function rpowDown(uint256 x, uint256 n) internal pure returns (uint256 z) {
        z = WAD;
        while (n != 0) {
            if (n & 1 == 1) z = (z * x) / WAD;
            n >>= 1;
            if (n != 0) x = (x * x) / WAD;
        }
    }

    /// @notice The equal instalment of an annuity, rounded up.
    function instalmentUp(uint256 principal, uint256 rWad, uint256 n) internal pure returns (uint256) {
        if (rWad == 0) return Math.ceilDiv(principal, n);
        uint256 f = rpowDown(WAD + rWad, n);
        return Math.mulDiv(principal * rWad, f, (f - WAD) * WAD, Math.Rounding.Ceil);
    }

    /// @notice Cumulative amount owed after instalment `k` (0 <= k <= n).
    function dueAfterUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        internal
        pure
        returns (uint256)
    {
        if (k == 0) return 0;
        if (method == RepaymentMethod.InterestFirst) {
            uint256 interest = k * Math.mulDiv(principal, rWad, WAD, Math.Rounding.Ceil);
            return k == n ? interest + principal : interest;
        }
        if (method == RepaymentMethod.EqualPrincipal) {
            // interest on the balance before each instalment j: P*r*(1 - (j-1)/n), summed over j = 1..k
            return Math.mulDiv(principal, k, n, Math.Rounding.Ceil)
                + Math.mulDiv(principal * rWad, k * (2 * n - k + 1), 2 * n * WAD, Math.Rounding.Ceil);
        }
        return k * instalmentUp(principal, rWad, n);
    }

    /// @notice Principal still outstanding after instalment `k`, rounded up.
    function remainingPrincipalUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        internal
        pure
        returns (uint256)
    {
        if (k >= n) return 0;
        if (method == RepaymentMethod.InterestFirst) return principal;
        if (method == RepaymentMethod.EqualPrincipal) {
            return principal - Math.mulDiv(principal, k, n, Math.Rounding.Ceil);
        }
        uint256 a = instalmentUp(principal, rWad, n);
        if (rWad == 0) return principal > k * a ? principal - k * a : 0;
        // B_k = P(1+r)^k - A((1+r)^k - 1)/r
        uint256 fk = rpowDown(WAD + rWad, k);
        uint256 grown = Math.mulDiv(principal, fk, WAD, Math.Rounding.Ceil);
        uint256 paidDown = Math.mulDiv(a, fk - WAD, rWad);
        return grown > paidDown ? grown - paidDown : 0;
    }

    /// @notice What settles the loan in full during instalment `k` (1 <= k <= n).
    function payoffUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        internal
        pure
        returns (uint256)
    {
        return dueAfterUp(principal, method, rWad, n, k) + remainingPrincipalUp(principal, method, rWad, n, k);
    }

    /// @notice Instalments whose due date plus `offset` lies at or before `t`, at most `n`.
    function instalmentsPassed(uint256 startedAt, uint256 periodLength, uint256 n, uint256 t, uint256 offset)
        internal
        pure
        returns (uint256)
    {
        if (t < startedAt + offset) return 0;
        return Math.min(n, (t - startedAt - offset) / periodLength);
    }
}

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
    /// @dev Interest is rounded up once on the cumulative amount, never per instalment, so the whole term never
    /// charges more than one unit above the exact interest (a loan never goes above its rate by rounding).
    function dueAfterUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        internal
        pure
        returns (uint256)
    {
        if (k == 0) return 0;
        if (method == RepaymentMethod.InterestFirst) {
            uint256 interest = Math.mulDiv(principal * rWad, k, WAD, Math.Rounding.Ceil);
            return k == n ? interest + principal : interest;
        }
        if (method == RepaymentMethod.EqualPrincipal) {
            // interest on the balance before each instalment j: P*r*(1 - (j-1)/n), summed over j = 1..k
            return Math.mulDiv(principal, k, n, Math.Rounding.Ceil)
                + Math.mulDiv(principal * rWad, k * (2 * n - k + 1), 2 * n * WAD, Math.Rounding.Ceil);
        }
        if (rWad == 0) return Math.mulDiv(principal, k, n, Math.Rounding.Ceil);
        // k instalments of the exact annuity P r f / (f - 1), rounded up once
        uint256 f = rpowDown(WAD + rWad, n);
        return Math.mulDiv(principal * rWad, k * f, (f - WAD) * WAD, Math.Rounding.Ceil);
    }

    /// @notice Principal still outstanding after instalment `k`, rounded up: what settles the loan during
    /// instalment `k` less what is due after it.
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
        return payoffUp(principal, method, rWad, n, k) - dueAfterUp(principal, method, rWad, n, k);
    }

    /// @notice What settles the loan in full during instalment `k` (1 <= k <= n). Non-decreasing in `k` and equal
    /// to `dueAfterUp(n)` at `k = n`, so a loan never owes less later than it owed before, and what it owes after
    /// the last due date is the schedule total.
    /// @dev Equal instalments: `k` exact annuities plus the balance after them, `P (k r f + f - f_k) / (f - 1)`
    /// with `f = (1 + r)^n`, `f_k = (1 + r)^k`, rounded up once. Its exact step from `k` to `k + 1` is
    /// `r (f - f_k) >= r^2` (in WAD squared), far above the few wei `rpowDown` may lose (r >= 2.7e11 for any
    /// non-zero rate of at least 1 bp over at least a day), so the rounded amount never goes down. The other
    /// methods are `P` plus cumulative interest rounded up once, non-decreasing by construction.
    function payoffUp(uint256 principal, RepaymentMethod method, uint256 rWad, uint256 n, uint256 k)
        internal
        pure
        returns (uint256)
    {
        if (method != RepaymentMethod.EqualInstalment || k >= n) {
            return dueAfterUp(principal, method, rWad, n, k) + remainingPrincipalUp(principal, method, rWad, n, k);
        }
        if (rWad == 0) return principal;
        uint256 f = rpowDown(WAD + rWad, n);
        uint256 fk = rpowDown(WAD + rWad, k);
        return Math.mulDiv(principal, k * rWad * f + (f - fk) * WAD, (f - WAD) * WAD, Math.Rounding.Ceil);
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

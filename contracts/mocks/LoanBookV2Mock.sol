// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LoanBook} from "../LoanBook.sol";
import {IParticipantRegistry, Policy} from "../interfaces/IParticipantRegistry.sol";
import {IAttestationRegistry} from "../interfaces/IAttestationRegistry.sol";

/// @notice A second version of the LoanBook for the upgrade tests: it applies one changed rule, a minimum
/// contribution twice the policy's. (No `version()` as the other mocks have: the LoanBook leaves too little room
/// under the 24,576-byte limit for an extra entry point; the changed rule shows the new logic is in force.)
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract LoanBookV2Mock is LoanBook {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_, IAttestationRegistry attestations_, IERC20 token_)
        LoanBook(registry_, attestations_, token_)
    {}

    function _policy() internal view override returns (Policy memory p) {
        p = super._policy();
        p.minContribution <<= 1; // twice, without an overflow check (small in tests)
    }
}

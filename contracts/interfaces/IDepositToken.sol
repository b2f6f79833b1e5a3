// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title The custodian bank's deposit token: one token per unit of fiat held in custody, 6 decimals.
interface IDepositToken is IERC20, IERC20Permit {
    /// @notice `account` may not hold or move the token: it is neither an active participant nor a platform contract.
    error DepositTokenHolderNotAllowed(address account);
    /// @notice The platform is paused: only repayments into the platform and burns move tokens.
    error DepositTokenPaused();
    /// @notice Only the registry's committee may do this (upgrade the contract).
    error DepositTokenNotCommittee(address caller);

    /// @notice Fiat received by the custodian and credited as tokens; `depositRef` names the bank transfer.
    event Minted(address indexed to, uint256 amount, bytes32 indexed depositRef, address indexed custodian);
    /// @notice Tokens redeemed for fiat paid out by the custodian; `redemptionRef` names the bank transfer.
    event Burned(address indexed from, uint256 amount, bytes32 indexed redemptionRef, address indexed custodian);

    function mint(address to, uint256 amount, bytes32 depositRef) external;
    function burn(address from, uint256 amount, bytes32 redemptionRef) external;
}

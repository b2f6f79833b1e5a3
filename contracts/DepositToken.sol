// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IDepositToken} from "./interfaces/IDepositToken.sol";
import {IParticipantRegistry, Role} from "./interfaces/IParticipantRegistry.sol";

/// @title DepositToken
/// @notice ERC-20 + ERC-2612 claim on fiat held by the custodian bank. Only active admitted participants and the
/// platform's own contracts may hold or move it.
/// @dev One exception keeps repayment unblockable: a platform contract may pull tokens into itself from any
/// holder (a suspended or expired enterprise can always repay). The platform contract decides who may pay it.
/// Deployed behind an ERC-1967 proxy (UUPS); only the registry's committee may install a new implementation. The
/// token has no state of its own: balances, allowances, nonces and the permit domain live in OpenZeppelin's
/// ERC-7201 namespaces.
contract DepositToken is Initializable, ERC20Upgradeable, ERC20PermitUpgradeable, UUPSUpgradeable, IDepositToken {
    /// @dev Immutable, in the implementation's code: every new implementation is constructed with the same
    /// registry (the upgrade tests check it), and the check on every transfer costs no storage access.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry public immutable registry;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IParticipantRegistry registry_) {
        registry = registry_;
        _disableInitializers();
    }

    function initialize(string calldata name_, string calldata symbol_) external initializer {
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
        __UUPSUpgradeable_init();
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Credits `amount` to `to` against a fiat deposit.
    /// Requirements: caller is an active custodian; `to` is an active participant or platform contract; platform
    /// not paused. Emits {Transfer} and {Minted}.
    function mint(address to, uint256 amount, bytes32 depositRef) external {
        registry.requireActive(msg.sender, Role.Custodian);
        _mint(to, amount);
        emit Minted(to, amount, depositRef, msg.sender);
    }

    /// @notice Burns `amount` from `from` against a fiat redemption; a holder other than the custodian must have
    /// approved the custodian first.
    /// Requirements: caller is an active custodian; `from` may hold the token. Open while the platform is paused,
    /// so a pause never keeps participants' money from their bank accounts. Emits {Transfer} and {Burned}.
    function burn(address from, uint256 amount, bytes32 redemptionRef) external {
        registry.requireActive(msg.sender, Role.Custodian);
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        emit Burned(from, amount, redemptionRef, msg.sender);
    }

    function nonces(address owner) public view override(ERC20PermitUpgradeable, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Only the registry's committee installs a new implementation.
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != registry.committee()) revert DepositTokenNotCommittee(msg.sender);
    }

    /// @dev Every balance change passes here: both sides must be allowed holders (mint and burn check one side,
    /// the custodian having been checked by the caller). While the platform is paused nothing moves except a
    /// platform contract pulling into itself (repayment; the LoanBook refuses its other pulls while paused) and a
    /// custodian's burn (a holder's redemption to its bank account).
    function _update(address from, address to, uint256 value) internal override {
        (bool paused, bool fromAllowed, bool toAllowed, bool toPlatform) = registry.transferCheck(from, to);
        // A platform contract pulling into itself is a repayment-style transfer: always allowed.
        bool pulledByPlatform = toPlatform && msg.sender == to;
        if (!toAllowed) revert DepositTokenHolderNotAllowed(to);
        if (!fromAllowed && !pulledByPlatform) revert DepositTokenHolderNotAllowed(from);
        if (paused && to != address(0) && !pulledByPlatform) revert DepositTokenPaused();
        super._update(from, to, value);
    }
}

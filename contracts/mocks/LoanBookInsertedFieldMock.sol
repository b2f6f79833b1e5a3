// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Loan, Accounts, Position} from "../interfaces/ILoanBook.sol";

/// @notice A would-be LoanBook implementation whose namespaced struct has a field inserted before the existing
/// ones: every later field would move to another slot. The upgrade tests check that the layout check refuses it.
contract LoanBookInsertedFieldMock is Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:smefin.storage.LoanBook
    struct LoanBookStorage {
        uint256 insertedCounter;
        uint256 loanCount;
        mapping(uint256 id => Loan) loans;
        mapping(uint256 id => Accounts) accounts;
        mapping(uint256 id => mapping(address investor => Position)) positions;
        mapping(uint256 id => mapping(address agency => uint8 kinds)) serviceRequests;
        mapping(address enterprise => uint256) outstandingOf;
        mapping(address operator => uint256) feesOf;
        uint256 totalHeld;
    }

    // keccak256(abi.encode(uint256(keccak256("smefin.storage.LoanBook")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x49abd352f1b498ee5329b6d7a7704706ec858253ec9f915f2d60b987c9f57300;

    /// @dev Takes the LoanBook's constructor arguments, so the layout check compares like with like.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address, address, address) {
        _disableInitializers();
    }

    function insertedCounter() external view returns (uint256) {
        return _storage().insertedCounter;
    }

    function _authorizeUpgrade(address) internal override {}

    function _storage() private pure returns (LoanBookStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }
}

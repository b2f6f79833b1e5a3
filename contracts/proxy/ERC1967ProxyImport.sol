// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

// Compiles OpenZeppelin's ERC-1967 proxy with the project, so the deploy scripts can put each contract behind one.
// solhint-disable-next-line no-unused-import
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

// Makes OpenZeppelin's ERC-1967 proxy an artifact the deploy scripts can deploy.
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

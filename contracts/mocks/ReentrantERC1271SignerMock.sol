// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IAttestationRegistry, AttestationRequest} from "../interfaces/IAttestationRegistry.sol";

/// @notice Test signer that tries to record an attestation of its own from inside `isValidSignature`. Checked
/// through a static call, the attempt fails, and so does the signature.
contract ReentrantERC1271SignerMock {
    IAttestationRegistry public immutable attestations;
    AttestationRequest internal _sideRequest;

    constructor(IAttestationRegistry attestations_, AttestationRequest memory sideRequest) {
        attestations = attestations_;
        _sideRequest = sideRequest;
    }

    /// @dev Deliberately not `view`: it writes to the registry before answering with the magic value.
    function isValidSignature(bytes32, bytes calldata) external returns (bytes4) {
        attestations.attest(_sideRequest);
        return IERC1271.isValidSignature.selector;
    }
}

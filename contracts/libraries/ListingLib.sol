// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ILoanBook} from "../interfaces/ILoanBook.sol";
import {IAttestationRegistry, Attestation, AttestationKind} from "../interfaces/IAttestationRegistry.sol";
import {RiskGradeLib} from "./RiskGradeLib.sol";

/// @title ListingLib
/// @notice The check of the attestations an operator presents when listing a demand.
/// @dev A linked (external) library: its code lives beside the LoanBook, which keeps the LoanBook with its upgrade
/// entry points under the 24,576-byte limit. It is called once per listing, by delegatecall, and holds no state.
library ListingLib {
    /// @notice Validates the attestations presented at listing of loan `id` by `enterprise`; returns the risk
    /// grade of the worst credit rating (the riskiest grade when none is presented).
    /// Reverts with {ILoanBook.LoanBookInvalidAttestation} for an attestation of another kind or subject, not
    /// valid, or a rating that is not a rating code; with {ILoanBook.LoanBookMissingAttestations} when a kind in
    /// `required` is not covered.
    function checkAttestations(
        IAttestationRegistry attestations,
        uint256 id,
        address enterprise,
        uint8 required,
        bytes32[] calldata uids
    ) external view returns (uint8 riskGrade) {
        bytes32 loanSubject = bytes32(id);
        bytes32 enterpriseSubject = bytes32(uint256(uint160(enterprise)));
        uint8 covered;
        uint256 worstRating;
        for (uint256 i; i < uids.length; ++i) {
            bytes32 uid = uids[i];
            Attestation memory a = attestations.getAttestation(uid);
            if (
                uint8(a.kind) > uint8(AttestationKind.Audit) || (a.subject != loanSubject && a.subject != enterpriseSubject)
                    || !attestations.isValid(uid)
            ) revert ILoanBook.LoanBookInvalidAttestation(id, uid);
            covered |= uint8(1) << uint8(a.kind);
            if (a.kind == AttestationKind.CreditRating) {
                if (!RiskGradeLib.isRating(a.value)) revert ILoanBook.LoanBookInvalidAttestation(id, uid);
                worstRating = Math.max(worstRating, a.value);
            }
        }
        if (covered & required != required) revert ILoanBook.LoanBookMissingAttestations(id, required & ~covered);
        riskGrade = worstRating == 0 ? RiskGradeLib.UNRATED_GRADE : RiskGradeLib.gradeOf(worstRating);
    }
}

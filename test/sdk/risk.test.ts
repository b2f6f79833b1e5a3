import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ScheduleAndRiskLibHarness } from "../../typechain-types";
import { RATINGS, UNRATED_GRADE, gradeOf, gradeOfRating, isRating, ratingCode, ratingName, ratingsOfGrade, riskGradeOfRatings } from "../../lib/risk";

async function deployHarness(): Promise<ScheduleAndRiskLibHarness> {
  return (await ethers.deployContract("ScheduleAndRiskLibHarness")) as unknown as ScheduleAndRiskLibHarness;
}

describe("lib/risk.ts", function () {
  it("pins the rating table: codes 1..10, their names and risk grades", function () {
    const table = RATINGS.map((name) => [ratingCode(name), name, gradeOfRating(name)]);
    expect(table).to.deep.equal([
      [1, "AAA", 1],
      [2, "AA", 1],
      [3, "A", 2],
      [4, "BBB", 3],
      [5, "BB", 4],
      [6, "B", 5],
      [7, "CCC", 5],
      [8, "CC", 5],
      [9, "C", 5],
      [10, "D", 5],
    ]);
    for (const [code, name] of table) expect(ratingName(code as number)).to.equal(name);
    expect(ratingsOfGrade(1)).to.deep.equal(["AAA", "AA"]);
    expect(ratingsOfGrade(5)).to.deep.equal(["B", "CCC", "CC", "C", "D"]);
  });

  it("agrees with RiskGradeLib for every code from 0 to 12, and on the unrated grade", async function () {
    const harness = await loadFixture(deployHarness);
    for (let code = 0; code <= 12; code++) {
      expect(isRating(code), `isRating(${code})`).to.equal(await harness.isRating(code));
      expect(gradeOf(code), `gradeOf(${code})`).to.equal(Number(await harness.gradeOf(code)));
    }
    expect(UNRATED_GRADE).to.equal(Number(await harness.unratedGrade()));
    // What is not a rating never passes for a safe one.
    for (const code of [0, 11, 12]) expect(gradeOf(code), `gradeOf(${code})`).to.equal(UNRATED_GRADE);
  });

  it("grades a listing as the LoanBook does: the worst rating decides, none gives grade 5, a non-rating is refused", function () {
    expect(riskGradeOfRatings([ratingCode("AAA"), ratingCode("BBB"), ratingCode("A")])).to.equal(3);
    expect(riskGradeOfRatings([])).to.equal(5);
    expect(() => riskGradeOfRatings([ratingCode("AA"), 11])).to.throw(RangeError, "not a rating code: 11");
    expect(() => ratingName(0)).to.throw(RangeError);
  });
});

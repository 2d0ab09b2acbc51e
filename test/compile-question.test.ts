import { afterAll, describe, expect, it } from "vitest";
import { compileQuestion, QUESTION_SHAPES, type CompileResult } from "../src/compile/index.js";
import { snippetTableOf } from "../src/engine/run-response.js";
import { createSandbox, transpileSnippet } from "../src/sandbox/index.js";
import { parseCsv } from "../src/table/index.js";
import type { Table } from "../src/table/types.js";
import { answersMatch } from "../src/verify/answer-text.js";

// Small hand-made tables in the shapes ChartQA's gold tables take.
const MIGRANTS = parseCsv(`Country,Migrants arriving by sea
Spain,36282
Italy,32665
Greece,15696
Malta,2281
Western Europe,480
Cyprus,1199
`);

// Years as rows, newest first (as Statista exports them), two series.
const PASS_RATES = parseCsv(`Characteristic,Male,Female
2020,72.3,80.2
2019,64.1,72.4
2018,63.2,71.4
2017,61.9,70.2
2016,63.7,71.3
`);

// Years across ("wide", as Our World in Data exports them).
const WIDE = parseCsv(`Entity,2005,2006,2007,2008
Jamaica,12.1,13.5,13.2,15.9
Tonga,10.2,10.9,11.4,11.0
Zambia,6.0,6.3,7.1,7.4
`);

// A survey with a total row, a catch-all row and seasons as labels.
const SURVEY = parseCsv(`Characteristic,Share of respondents
Very satisfied,31%
Somewhat satisfied,40%
Not satisfied,12%
Other,20%
Total,100%
`);

const SEASONS = parseCsv(`Characteristic,Average ticket price in U.S. dollars
2015/16,55.88
2014/15,52.41
2013/14,50.21
'13,48.9
`);

const LEAGUES = parseCsv(`Characteristic,Average ticket price in U.S. dollars
NFL (2016),92.98
NHL (2014/15),62.18
NBA (2015/16),55.88
MLB (2015),31.0
`);

const TYPOS = parseCsv(`Entity,Not atall,Some,Aboutthe same
The news media,23,34,8
Medical scientists,3,35,12
`);

// Tables as the local chart reader extracts them: short seasons, quarters, OCR spacing slips.
const SKI_SEASONS = parseCsv(`Characteristic,Number of skier visits in millions
17/18,53.3
18/19,59
19/20,51.1
`);

const QUARTERS = parseCsv(`Characteristic,Re venue in million U.S. dollars
Q3 2020,10094
Q4 2020,6313
Q12021,10357
`);

// Abbreviated-year quarters as OCR reads them: the apostrophe as a double quote, a prime, or lost.
const SHORT_QUARTERS = parseCsv(`Characteristic,Estimated revenue in billion U.S. dollars
Q1'19*,3.12
"Q2""19*",3.32
Q3′19*,3.6
Q118,2.02
Q4*17,1.51
Q2°18,2.0
`);

const PLAYERS = parseCsv(`Characteristic,Market value in million euros
Kylian Mbappe,120
Antoine Griezmann,100
Paul Pogba,90
Community of Madrid,80
`);

const HOUSING = parseCsv(`Characteristic,Share of households
"Small dwelling buildings, owner- occupied",39.8
"Small dwelling buildings, tenant-owned",1.9
"Multi-dwelling buildings, rented",28.4
Indian Hotels (IHCL),7.5
RobkuTV,8
`);

const YEARS_READ = parseCsv(`Characteristic,Num ber of hospital transactions
2010,72
2011,93
2012,105
2003 2004 2005 2006 2007 2008 2009,81
`);

const BRACKETS = parseCsv(`Characteristic,"Number of births per 1,000 women"
"Under 10,000",66.44
"100,000-199,999",48.49
"200,000 or more",43.92
`);

const PLANTS = parseCsv(`Characteristic,Number of plants
LafargeHolcim (Switzerland),220
HeidelbergCement (Germany),141
WhatsApp,12
`);

const SPENDING = parseCsv(`Characteristic,Dog owners,Catowners
Total,1201,687
Food,442,329
Pet insurance,58,51
`);

const SIZES = parseCsv(`Characteristic,0 employees,1-9 employees,AII
Major obstacle,7,6,8
Minor obstacle,75,77,76
`);

// Line charts read locally: years down, a series per country.
const LINES = parseCsv(`Characteristic,Iran,Taiwan,Morocco
1965,3.36,1.98,0.81
1970,4.6,4.16,1.41
1975,7.96,7.57,1.88
1980,8.58,12.12,2.53
`);

const AID = parseCsv(`Characteristic,Jamaica,Tonga,Zambia
2005,116.5,36.1,80
2006,98.4,26.1,70
2007,139.3,,90
2008,120.2,24.1,85
`);

const sandbox = createSandbox({ workers: 2 });
afterAll(() => sandbox.dispose());

async function answerOf(question: string, table: Table): Promise<{ compiled: CompileResult; answer?: unknown }> {
  const compiled = compileQuestion(question, table);
  if (!compiled.ok) return { compiled };
  const result = await sandbox.run({ code: compiled.code, table: snippetTableOf(table) });
  if (!result.ok) throw new Error(`${question}: ${result.error.code} ${result.error.message}\n${compiled.code}`);
  return { compiled, answer: result.answer };
}

interface Case {
  q: string;
  table: Table;
  shape: string;
  gold: string;
}

const CASES: Case[] = [
  // lookup: a category, a series, a year
  { q: "How many migrants arrived on Malta's shores?", table: MIGRANTS, shape: "lookup", gold: "2281" },
  { q: "What percentage of female students achieved a pass grade or higher in 2020?", table: PASS_RATES, shape: "lookup", gold: "80.2" },
  { q: "What was the value for Tonga in 2007?", table: WIDE, shape: "lookup", gold: "11.4" },
  // reverse lookup
  { q: "In what year was the male pass rate 63.2?", table: PASS_RATES, shape: "reverse-lookup", gold: "2018" },
  { q: "Which country received 15,696 migrants?", table: MIGRANTS, shape: "reverse-lookup", gold: "Greece" },
  // max / min: label and value
  { q: "Which country had the highest number of migrants?", table: MIGRANTS, shape: "max-min", gold: "Spain" },
  { q: "What was the lowest number of migrants?", table: MIGRANTS, shape: "max-min", gold: "480" },
  { q: "In what year did female students reach their peak pass rate?", table: PASS_RATES, shape: "max-min", gold: "2020" },
  // rank
  { q: "Which country had the second highest number of migrants?", table: MIGRANTS, shape: "rank", gold: "Italy" },
  { q: "What is the third largest value?", table: MIGRANTS, shape: "rank", gold: "15696" },
  // difference, ratio, sum, average, median
  { q: "What is the difference between Spain and Italy?", table: MIGRANTS, shape: "difference", gold: "3617" },
  { q: "What is the difference between the highest and the lowest value?", table: MIGRANTS, shape: "difference", gold: "35802" },
  { q: "What is the difference between male and female pass rates in 2019?", table: PASS_RATES, shape: "difference", gold: "8.3" },
  { q: "What is the ratio of Spain to Greece?", table: MIGRANTS, shape: "ratio", gold: "2.3115" },
  { q: "How many times is Italy bigger than Malta?", table: MIGRANTS, shape: "ratio", gold: "14.32" },
  { q: "What is the sum of Malta, Cyprus and Greece?", table: MIGRANTS, shape: "sum", gold: "19176" },
  { q: "What is the sum of the two smallest bars?", table: MIGRANTS, shape: "sum", gold: "1679" },
  { q: "What is the average of all the bars?", table: MIGRANTS, shape: "average", gold: "14767.1667" },
  { q: "What is the average female pass rate from 2017 to 2019?", table: PASS_RATES, shape: "average", gold: "71.3333" },
  { q: "What's the median value of the male pass rate?", table: PASS_RATES, shape: "median", gold: "63.7" },
  // count with a condition
  { q: "How many countries have more than 10,000 migrants?", table: MIGRANTS, shape: "count", gold: "3" },
  { q: "In how many years did the female pass rate exceed 71?", table: PASS_RATES, shape: "count", gold: "4" },
  { q: "How many countries are shown in the chart?", table: MIGRANTS, shape: "count", gold: "6" },
  // comparison (Yes/No)
  { q: "Is Greece greater than Malta?", table: MIGRANTS, shape: "comparison", gold: "Yes" },
  { q: "Is the sum of Malta and Cyprus more then Greece?", table: MIGRANTS, shape: "comparison", gold: "No" },
  { q: "Is the median of the female pass rates greater than 71?", table: PASS_RATES, shape: "comparison", gold: "Yes" },
  { q: "Which country received more migrants, Italy or Greece?", table: MIGRANTS, shape: "comparison", gold: "Italy" },
  // change and percentage change
  { q: "How much did the female pass rate increase from 2016 to 2020?", table: PASS_RATES, shape: "change", gold: "8.9" },
  { q: "By what percentage did the male pass rate change from 2019 to 2020?", table: PASS_RATES, shape: "percentage-change", gold: "12.79" },
  // trend
  { q: "In which year did the male pass rate decrease the most?", table: PASS_RATES, shape: "trend", gold: "2017" },
  { q: "Is the female pass rate increasing over the years?", table: PASS_RATES, shape: "trend", gold: "No" },
  { q: "When did Jamaica have the greatest increase?", table: WIDE, shape: "trend", gold: "2008" },
  { q: "Since what year has the male pass rate been on an upward trend?", table: PASS_RATES, shape: "trend", gold: "2017" },
  { q: "Which country has the greatest increase from 2005 to 2008?", table: WIDE, shape: "trend", gold: "Jamaica" },
  // superlatives as news headlines write them; lookups of GDP and half-years
  { q: "What was the record year for hospital transactions?", table: YEARS_READ, shape: "max-min", gold: "2012" },
  { q: "Who is the career transactions leader?", table: MIGRANTS, shape: "max-min", gold: "Spain" },
  { q: "What was the main source of migrants?", table: MIGRANTS, shape: "max-min", gold: "Spain" },
  { q: "In what academic year were there 59 million skier visits?", table: SKI_SEASONS, shape: "reverse-lookup", gold: "18/19" },
  { q: "In what country were 2281 migrants registered?", table: MIGRANTS, shape: "reverse-lookup", gold: "Malta" },
  { q: "What was Malta's gross domestic product in migrants?", table: MIGRANTS, shape: "lookup", gold: "2281" },
  { q: "How many migrants arrived in Greece in the first half of 2016?", table: MIGRANTS, shape: "lookup", gold: "15696" },
  { q: "What is the birth rate for families making 200,000 U.S. dollars or more per year?", table: BRACKETS, shape: "lookup", gold: "43.92" },
  { q: "How many migrants aged 15 or above arrived in Malta?", table: MIGRANTS, shape: "lookup", gold: "2281" },
  { q: "How many non-EU migrants arrived in Malta?", table: MIGRANTS, shape: "lookup", gold: "2281" },
  { q: "What is the number of migrants in Malta expected to increase to?", table: MIGRANTS, shape: "lookup", gold: "2281" },
  { q: "What share thought it should be financed exclusively from advertising?", table: parseCsv("Characteristic,Share of respondents\nExclusively from ads,40.1\nExclusively from subscriptions,10.2\n"), shape: "lookup", gold: "40.1" },
  { q: "What was Spain's main migrant partner?", table: parseCsv("Characteristic,Share of total imports\nChina,20\nGermany,13\n"), shape: "max-min", gold: "China" },
  { q: "What was the second most expensive domain?", table: parseCsv("Characteristic,Price in thousand euros\naktien.de,500\nfab.de,50\nfrage.de,35\n"), shape: "rank", gold: "fab.de" },
  // series as the entities: rows are years, a series per country
  { q: "Which country has the greatest increase from 1975 to 1980?", table: LINES, shape: "trend", gold: "Taiwan" },
  { q: "How many countries are shown in the graph?", table: LINES, shape: "count", gold: "3" },
  { q: "Which country received the highest aid over the years?", table: AID, shape: "max-min", gold: "Jamaica" },
  { q: "Which of the following countries recorded the lowest aid?", table: AID, shape: "max-min", gold: "Tonga" },
  { q: "Which country received the higher aid, Tonga or Zambia?", table: AID, shape: "comparison", gold: "Zambia" },
  { q: "Which country had the lowest value in 1970?", table: LINES, shape: "max-min", gold: "Morocco" },
  // a named value against the extreme; "more likely" among several categories
  { q: "Can you say Spain has the highest number of migrants?", table: MIGRANTS, shape: "comparison", gold: "Yes" },
  { q: "Does Greece have the highest number of migrants?", table: MIGRANTS, shape: "comparison", gold: "No" },
  { q: "Which party is more likely to favor one side?", table: parseCsv("Characteristic,Tend tofavor one side,Deal fairly with all sides\nU.S.ad ults,95,4\nRep/Lean Rep,91,8\nDem/Lean Dem,69,29\n"), shape: "max-min", gold: "Rep/Lean Rep" },
  // a number in another unit than the series', a number written as a word before the series' noun
  { q: "Which brand registered sales worth 263 million euros in 2019?", table: parseCsv("Characteristic,Sales in thousand euros\nMoschino,262507\nPollini,35920\n"), shape: "reverse-lookup", gold: "Moschino" },
  { q: "In what year was the population about 4.01 million people?", table: parseCsv("Characteristic,Number of residents\n2019,3979845\n2020,4012000\n"), shape: "reverse-lookup", gold: "2020" },
  { q: "What Canadian sitcom received five Golden Globe nominations in 2021?", table: parseCsv("Characteristic,Number of nominations\nThe Crown,6\nSchitt's Creek,5\nOzark,4\n"), shape: "reverse-lookup", gold: "Schitt's Creek" },
  // a difference inside a comparison; a category named by its values; the leader in every series
  { q: "Is the difference between largest and smallest bar greater than 30000?", table: MIGRANTS, shape: "comparison", gold: "Yes" },
  { q: "Is the sum of the smallest two bars greater than the difference of largest and 2nd largest bar?", table: MIGRANTS, shape: "comparison", gold: "No" },
  { q: "Find the category from the chart, whose value is 82 and 15?", table: parseCsv("Characteristic,Bad,Good\nTotal,64,31\nAges 18-29,54,41\nRep/Lean Rep,82,15\nDem/Lean Dem,54,42\n"), shape: "reverse-lookup", gold: "Rep/Lean Rep" },
  { q: "Which has the least space in both 2006 and 2011?", table: parseCsv("Characteristic,2006,2011\nEurope,14.6,15.6\nAsia,4.8,6.6\nAfrica,0.5,0.5\n"), shape: "max-min", gold: "Africa" },
  { q: "How many Americans say society has not gone far enough?", table: parseCsv("Characteristic,Not gone far enough,Gone too far\nAll ad ults,39,32\nRep/Lean Rep,12,57\nDem/Lean Dem,60,12\n"), shape: "lookup", gold: "39" },
  { q: "Which marital group is the highest?", table: parseCsv("Characteristic,Women,Men\nNever married,168,252\nMarried,524,633\nWidowed,186,38\n"), shape: "max-min", gold: "Married" },
  // everything but the named categories; "can you identify what is …" as a plain question
  { q: "What's the share of ethnic groups except Chinese and Indians?", table: parseCsv("Characteristic,Number of live births in thousands\nChinese,22.99\nMalays,7.82\nIndians,4.25\nOthers,4.21\n"), shape: "sum", gold: "12.03" },
  { q: "What is the sum of the other two except Spain?", table: parseCsv("Characteristic,Share\nSpain,74.82\nItaly,15.19\nMalta,10\n"), shape: "sum", gold: "25.19" },
  { q: "Can you identify what is the female pass rate in 2019?", table: PASS_RATES, shape: "lookup", gold: "72.4" },
  { q: "What is the difference between the space available in Europe?", table: parseCsv("Characteristic,2006,2011\nEurope,14.6,15.6\nAsia,4.8,6.6\n"), shape: "difference", gold: "1" },
  { q: "How many different hotel amenities are shown?", table: parseCsv("Characteristic,Share of respondents\nFree Wi-Fi,49\nFree breakfast,14\nGym,11\n"), shape: "count", gold: "3" },
  { q: "What's the percentage of young people between 18 and 29 who know most of their neighbors?", table: parseCsv("Characteristic,All,Most,Only some\nAges 18-29,2,20,54\n30-49,4,24,57\n"), shape: "lookup", gold: "20" },
  { q: "How many people were covered in 2019?", table: parseCsv("Characteristic,Thousand people\n'17,59.83\n\"\"\"18\",57.83\n*19,55.94\n"), shape: "lookup", gold: "55.94" },
  { q: "Which country represents the median value?", table: parseCsv("Characteristic,Benefits\nBulgaria,15\nIsrael,25\nIreland,39\nMalta,48\nLuxembourg,57\n"), shape: "median", gold: "Ireland" },
  { q: "In brazil which share is high", table: parseCsv("Characteristic,Good,Neither,Poor\nArgentina,58,28,15\nBrazil,18,25,57\n"), shape: "max-min", gold: "Poor" },
  { q: "Which European region has the maximum difference between the life expectancy of the two genders?", table: parseCsv("Characteristic,Males,Females\nEurope (total),75,82\nWestern Europe,79,84\nEastern Europe,69,79\n"), shape: "max-min", gold: "Eastern Europe" },
  { q: "What was the second least peaceful country in the world?", table: parseCsv(`Characteristic,"Index points (the higher the index value, the higher the non-peacefulness)"\nAfghanistan,3.64\nSyria,3.54\nIceland,1.1\n`), shape: "rank", gold: "Syria" },
  { q: "The sum of the lowest points in the two lines equal to what?", table: PASS_RATES, shape: "sum", gold: "131.3" },
  { q: "All the bars showing same values. Is it correct?", table: parseCsv("Characteristic,V\nCzechia,100\nPoland,100\n"), shape: "comparison", gold: "Yes" },
  // values that several bars share
  { q: "How many bars show the same value?", table: parseCsv("Characteristic,Share\nGabon,0.13\nTonga,0.13\nChad,0.07\n"), shape: "count", gold: "2" },
  { q: "What is the sum of bars with same value?", table: parseCsv("Characteristic,Share\nGabon,0.8\nTonga,0.8\nChad,0.07\n"), shape: "sum", gold: "1.6" },
  { q: "How many Share bars repeat themselves?", table: parseCsv("Characteristic,Share\nGabon,36\nTonga,45\nChad,36\nMali,40\n"), shape: "count", gold: "2" },
  { q: "What value is shown twice in the Share?", table: parseCsv("Characteristic,Share\nGabon,36\nTonga,45\nChad,36\nMali,40\n"), shape: "mode", gold: "36" },
  // mode
  { q: "What is the mode of the values?", table: parseCsv("Entity,Values\nA,3\nB,5\nC,3\nD,7\n"), shape: "mode", gold: "3" },
];

describe("compileQuestion: the question shapes", () => {
  it("documents every shape it can produce", () => {
    for (const c of CASES) expect(QUESTION_SHAPES).toContain(c.shape);
  });

  for (const c of CASES) {
    it(`${c.shape}: ${c.q}`, async () => {
      const { compiled, answer } = await answerOf(c.q, c.table);
      expect(compiled.ok, compiled.ok ? "" : compiled.reason).toBe(true);
      if (!compiled.ok) return;
      expect(compiled.shape).toBe(c.shape);
      expect(answersMatch(c.gold, answer as never), `${c.q} → ${JSON.stringify(answer)}\n${compiled.code}`).toBe(true);
    });
  }
});

describe("compileQuestion: matching names to the table", () => {
  const matched = (q: string, table: Table) => {
    const r = compileQuestion(q, table);
    if (!r.ok) throw new Error(`${q}: ${r.reason}`);
    return r.matched;
  };

  it("ignores case and plurals", () => {
    expect(matched("what is the value of MALTA?", MIGRANTS).labels).toEqual(["Malta"]);
    expect(matched("What was the pass rate of females in 2018?", PASS_RATES)).toEqual({ columns: ["Female"], labels: ["2018"] });
  });

  it("knows common synonyms and demonyms (men/male, Spanish shores/Spain)", () => {
    expect(matched("What percentage of men passed in 2017?", PASS_RATES)).toEqual({ columns: ["Male"], labels: ["2017"] });
    expect(matched("How many immigrants reached the Spanish shores?", MIGRANTS).labels).toEqual(["Spain"]);
  });

  it("reads numbers written differently (thousands separators, percent signs)", async () => {
    const { answer } = await answerOf("Which country had 36,282 migrants?", MIGRANTS);
    expect(answer).toBe("Spain");
    const { answer: pct } = await answerOf("Which answer was given by 31% of respondents?", SURVEY);
    expect(pct).toBe("Very satisfied");
  });

  it("matches year-like labels: '13, 2015/16 and 2015/2016 seasons", () => {
    expect(matched("What was the average ticket price in the 2015/2016 season?", SEASONS).labels).toEqual(["2015/16"]);
    expect(matched("What was the average ticket price in 2013?", SEASONS).labels).toEqual(["'13"]);
  });

  it("accepts a distinctive part of a name ('Western' for 'Western Europe'), and acronyms", () => {
    expect(matched("How many migrants arrived in Western?", MIGRANTS).labels).toEqual(["Western Europe"]);
    expect(matched("What was the average ticket price in the National Basketball Association?", LEAGUES).labels).toEqual(["NBA (2015/16)"]);
  });

  it("tolerates words run together or split, and one typo in a long word", () => {
    expect(matched("What is the value of Not at all in The news media?", TYPOS)).toEqual({ columns: ["Not atall"], labels: ["The news media"] });
    expect(matched("What is the value of About the same for Medical scientists?", TYPOS).columns).toEqual(["Aboutthe same"]);
    expect(matched("What is the value of Medicall scientists for Some?", TYPOS).labels).toEqual(["Medical scientists"]);
  });

  it("reads short seasons and written-out quarters as the chart labels them", async () => {
    expect((await answerOf("How many skier visits were there during the 2019/2020 season?", SKI_SEASONS)).answer).toBe(51.1);
    expect((await answerOf("What was the revenue in the fourth quarter of 2020?", QUARTERS)).answer).toBe(6313);
    expect((await answerOf("What was the revenue in quarter four of 2020?", QUARTERS)).answer).toBe(6313);
    expect((await answerOf("What was the revenue in the first quarter of 2021?", QUARTERS)).answer).toBe(10357);
    expect((await answerOf("What was Instagram's revenue in the second quarter of 2019?", SHORT_QUARTERS)).answer).toBe(3.32);
    expect((await answerOf("What was the revenue in the third quarter of 2019?", SHORT_QUARTERS)).answer).toBe(3.6);
    expect((await answerOf("What was the revenue in Q1 2018?", SHORT_QUARTERS)).answer).toBe(2.02);
    expect((await answerOf("What was the revenue in the fourth quarter of 2017?", SHORT_QUARTERS)).answer).toBe(1.51);
    expect((await answerOf("What was the revenue in the second quarter of 2018?", SHORT_QUARTERS)).answer).toBe(2);
  });

  it("accepts a capitalised surname, a comma-separated name in either order, an acronym in brackets", async () => {
    expect((await answerOf("What was Mbappe's market value?", PLAYERS)).answer).toBe(120);
    expect((await answerOf("What was the market value of Madrid?", PLAYERS)).answer).toBe(80);
    expect(compileQuestion("What was the market value of mbappe?", PLAYERS).ok).toBe(false); // not written as a name
    expect((await answerOf("What percentage of households were owner-occupied small-dwelling buildings?", HOUSING)).answer).toBe(39.8);
    expect((await answerOf("What share of households did IHCL have?", HOUSING)).answer).toBe(7.5);
  });

  it("undoes the reader's spacing slips: words split apart or run together", async () => {
    expect((await answerOf("What was the revenue in Q3 2020?", QUARTERS)).answer).toBe(10094);
    expect((await answerOf("What share of households did Robku TV have?", HOUSING)).answer).toBe(8);
    expect((await answerOf("How many hospital transactions were there in 2011?", YEARS_READ)).answer).toBe(93);
  });

  it("matches run-together names by their whole or their surname, not by a common word", async () => {
    expect((await answerOf("How many cement plants did Holcim have?", PLANTS)).answer).toBe(220);
    expect((await answerOf("What app has the most plants?", PLANTS)).answer).toBe("LafargeHolcim (Switzerland)");
    expect((await answerOf("What is the difference between Asians and Whites?", parseCsv("Characteristic,Share\nAslans,63\nWhites,41\n"))).answer).toBe(22);
  });

  it("reads a part of one name right before another name as a modifier ('pet food')", async () => {
    expect((await answerOf("How many dollars did dog owners spend on pet food?", SPENDING)).answer).toBe(442);
  });

  it("takes an 'All' series the reader spelled 'AII' as the one meant when none is named", async () => {
    expect((await answerOf("What percentage expected access to finance to be a major obstacle?", SIZES)).answer).toBe(8);
  });

  it("leaves totals and catch-alls out of 'which category is largest'", async () => {
    const { answer, compiled } = await answerOf("Which answer was the most common?", SURVEY);
    expect(answer).toBe("Somewhat satisfied");
    expect(compiled.ok && compiled.code).toContain('"Total"');
  });
});

describe("compileQuestion: refusals are reported, never guessed", () => {
  const reason = (q: string, table: Table) => {
    const r = compileQuestion(q, table);
    expect(r.ok, `${q} should be refused`).toBe(false);
    return r.ok ? "" : r.reason;
  };

  it("refuses questions about colours and positions", () => {
    expect(reason("What is the value of the green bar?", MIGRANTS)).toMatch(/appearance/);
    expect(reason("What color represents Malta?", MIGRANTS)).toMatch(/appearance/);
    expect(reason("What is the value of the leftmost bar?", MIGRANTS)).toMatch(/appearance/);
  });

  it("refuses when the series is not named and the table has several", () => {
    expect(reason("What was the pass rate in 2019?", PASS_RATES)).toMatch(/which series/);
  });

  it("refuses names that are not in the table and ambiguous names", () => {
    expect(reason("What is the value of France?", MIGRANTS)).toMatch(/names no category/);
    expect(reason("What is the difference between Portugal and Malta?", MIGRANTS)).toMatch(/names nothing/);
  });

  it("refuses qualifiers it does not model ('other', 'except')", () => {
    expect(reason("What is the sum of all countries except the largest one?", MIGRANTS)).toMatch(/except/);
    expect(reason("What is the value of Malta for the others?", MIGRANTS)).toMatch(/other/);
  });

  it("refuses a superlative that contradicts the named category", () => {
    expect(reason("What was the highest male pass rate in 2018?", PASS_RATES)).toMatch(/does not hold the extreme/);
  });

  it("refuses a number it cannot account for, a quoted name not in the table, a year asked of countries", () => {
    expect(reason("What is the value of Malta in 7.5?", MIGRANTS)).toMatch(/7.5 is not explained/);
    expect(reason("How many 'Very' bars are above 100?", MIGRANTS)).toMatch(/"Very" is not a name/);
    expect(reason("In which year were the most migrants?", MIGRANTS)).toMatch(/point in time/);
  });

  it("refuses a number the table does not hold", () => {
    expect(reason("Which country received 12,345 migrants?", MIGRANTS)).toMatch(/no value/);
  });

  it("refuses a year the table's categories do not hold (a row the reader missed), not one year of a label listing many", () => {
    expect(reason("What was the number of hospital transactions in 2013?", YEARS_READ)).toMatch(/no category/);
    expect(reason("What was the number of hospital transactions in 2007?", YEARS_READ)).toMatch(/no category/);
    expect(reason("What was the total number of hospital transactions in 2013?", YEARS_READ)).toMatch(/no category for 2013/);
  });

  it("does not read a year as a count's threshold, nor 'record' in a name as a superlative", () => {
    expect(reason("How many smartphones were shipped in the first half of 2015?", MIGRANTS)).not.toMatch(/^$/);
    expect(compileQuestion("How many smartphones were shipped in the first half of 2015?", MIGRANTS).ok).toBe(false);
    const records = parseCsv("Characteristic,Spending in million U.S. dollars\n2018,7.1\n2019,7.68\n2020,8.2\n");
    expect(compileQuestion("How many dollars did record production companies spend in 2019?", records)).toMatchObject({ ok: true, shape: "lookup" });
  });

  it("refuses 'non-' before a name of the table, and 'or more' after a closed bracket", () => {
    expect(reason("How many migrants arrived in non-Malta countries?", MIGRANTS)).toMatch(/non/);
    expect(reason("What is the birth rate for families making 100,000 U.S. dollars or more?", BRACKETS)).toMatch(/more/);
  });

  it("refuses a 'total' summed across series when one series is itself the total", () => {
    const market = parseCsv("Characteristic,Domestic market,Total market\n2018,6,540\n2019,6,17\n");
    expect(reason("What was the total number of insurance companies in 2019?", market)).toMatch(/total series/);
  });

  it("refuses a category question that names the category it ranks", () => {
    expect(reason("What is Spain's biggest competitor?", MIGRANTS)).toMatch(/also names a category/);
  });

  it("answers 'which country' over rows of years with a series, never with a year", () => {
    expect(reason("Which country received the higher aid, Jamaica or Fiji?", AID)).toMatch(/series|point in time/);
    expect(reason("Which country has the highest value over the years?", LINES)).toMatch(/leads at every point/);
    expect(reason("Which country had the highest aid in 2007?", AID)).toMatch(/no value/);
    const one = parseCsv("Characteristic,Myanmar\n2005,13.72\n2006,13.33\n2007,13.2\n");
    expect(reason("Which country recorded the highest death rates over the years?", one)).toMatch(/holds one|point in time/);
    expect(reason("How many countries are shown?", one)).toMatch(/single series/);
  });

  it("refuses a scaled number that rounds to several cells, and a number word that is not the series' count", () => {
    const sales = parseCsv("Characteristic,Sales in thousand euros\nA,262507\nB,262700\n");
    expect(reason("Which brand registered sales worth 263 million euros?", sales)).toMatch(/several cells/);
    expect(reason("Which of the two countries received 5 migrants?", MIGRANTS)).toBeTruthy();
  });

  it("refuses a smallest category or an average across series when a value is missing (a bar the reader missed)", () => {
    const gaps = parseCsv("Characteristic,Yes,Don't know\nUnited States,53,2\nFrance,15,\nGermany,33,1\n");
    expect(reason("Which country has the least value in don't know?", gaps)).toMatch(/no value/);
    expect(reason("What is the average of all the bars in France?", gaps)).toMatch(/no value/);
  });

  it("refuses which line leads at a year where one has no value, and a count over unnamed series with words left over", () => {
    const gap = parseCsv("Characteristic,Ireland,Bulgaria\n2006,12.18,4.24\n2008,,4.73\n2009,,4.96\n");
    expect(reason("Which country is at the peak in the year 2009?", gap)).toMatch(/no value/);
    expect(reason("How many values in the More strict are below 50?", PASS_RATES)).toMatch(/names nothing/);
  });

  it("refuses an extreme per series when the question counts other series than the table has", () => {
    expect(reason("What is the sum of the lowest points in the three lines?", PASS_RATES)).toMatch(/extreme per series/);
  });

  it("refuses 'the other N except X' when N is not what is left", () => {
    expect(reason("What is the sum of the other two except Spain?", MIGRANTS)).toMatch(/counts 2 other categories/);
  });

  it("refuses 'the same value' when no value or several values repeat", () => {
    expect(reason("How many bars show the same value?", MIGRANTS)).toMatch(/no two values/);
    expect(reason("What is the sum of the bars with the same value?", parseCsv("Characteristic,V\nA,1\nB,1\nC,2\nD,2\n"))).toMatch(/several groups/);
  });

  it("refuses questions outside its shapes", () => {
    expect(reason("Why did migration fall?", MIGRANTS)).toBeTruthy();
    expect(reason("Find missing data of the sequence 24, _ ,32, 33, 42?", MIGRANTS)).toMatch(/appearance|names no/);
  });
});

describe("compileQuestion: the snippets", () => {
  it("are readable TypeScript over the table's own names", () => {
    const r = compileQuestion("How many migrants arrived on Malta's shores?", MIGRANTS);
    expect(r.ok && r.code).toBe('const malta = table.find((r) => r["Country"] === "Malta")!["Migrants arriving by sea"] as number;\nreturn malta;\n');
  });

  it("every snippet from a grid of generated questions transpiles and runs without an error", async () => {
    const templates = [
      "What is the value of {a}?",
      "What is the difference between {a} and {b}?",
      "What is the ratio of {a} and {b}?",
      "What is the sum of {a} and {b}?",
      "What is the average of {a}, {b} and {c}?",
      "Is {a} greater than {b}?",
      "Is the sum of {a} and {b} less than {c}?",
      "Which is larger, {a} or {b}?",
      "Which category has the highest value?",
      "Which category has the second lowest value?",
      "What is the median of all values?",
      "How many categories are above 20?",
      "What is the sum of the three largest values?",
      "What is the total of {a} in {y}?",
      "How much did {a} increase from {y} to {z}?",
      "In which year did {a} decrease the most?",
      "Is {a} decreasing over the years?",
    ];
    const tables: Array<[Table, string[], string[]]> = [
      [MIGRANTS, ["Spain", "Malta", "Cyprus"], ["2019", "2020"]],
      [PASS_RATES, ["Male", "Female", "2019"], ["2016", "2020"]],
      [WIDE, ["Jamaica", "Tonga", "Zambia"], ["2005", "2008"]],
      [SURVEY, ["Very satisfied", "Other", "Total"], ["2019", "2020"]],
      [SEASONS, ["2015/16", "2014/15", "'13"], ["2013/14", "2015/16"]],
      [TYPOS, ["Some", "Not atall", "The news media"], ["2019", "2020"]],
    ];
    let compiled = 0;
    for (const [table, names, years] of tables) {
      for (const tpl of templates) {
        const q = tpl.replace("{a}", names[0]!).replace("{b}", names[1]!).replace("{c}", names[2]!).replace("{y}", years[0]!).replace("{z}", years[1]!);
        const r = compileQuestion(q, table);
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          continue;
        }
        compiled++;
        expect(transpileSnippet(r.code).ok, `${q}\n${r.code}`).toBe(true);
        const run = await sandbox.run({ code: r.code, table: snippetTableOf(table) });
        expect(run.ok, `${q}\n${r.code}\n${run.ok ? "" : run.error.message}`).toBe(true);
      }
    }
    expect(compiled).toBeGreaterThan(40);
  });
});

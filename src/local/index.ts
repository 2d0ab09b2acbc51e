/** The local path: chart reading + question compiling without a model server. */
export { LocalModels, type LocalModelsOptions, type OcrLoader } from "./local-models.js";
export { CANNOT_ANSWER_LOCALLY, writeLocalResponse, type LocalResponse } from "./local-response.js";
export { readChartLocally, type LocalChartRead } from "./read-local-chart.js";

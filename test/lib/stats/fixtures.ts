/**
 * Reference data sets (provenance next to each). test/reference/r/common.R
 * defines the same data for the R scripts, and fixtures.test.ts checks every
 * value here against R's copy (test/reference/r/fixtures.out). Expected
 * results come from the other .out files there.
 */

/** R `datasets::sleep`; g1 = extra[group == 1], g2 = group 2. */
export const sleepGroup1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
export const sleepGroup2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** Hollander & Wolfe (1973) depression data, R `?wilcox.test`. */
export const hwFirstVisit = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
export const hwSecondVisit = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

/** Constructed Likert example with ties and no zeros. */
export const likertPre = [3, 2, 3, 4, 2, 3, 1, 4, 5, 2, 3, 3];
export const likertPost = [4, 3, 5, 3, 3, 5, 4, 5, 3, 3, 4, 5];

/** SciPy TestWilcoxon vectors (scipy/stats/tests/test_morestats.py), rerun in R 4.2.2 by test/reference/r/wilcoxon.R. */
export const scipy12x = [120, 114, 181, 188, 180, 146, 121, 191, 132, 113, 127, 112];
export const scipy12y = [133, 143, 119, 189, 112, 199, 198, 113, 115, 121, 142, 187];
export const scipyTiesZeroX = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
export const scipyTiesZeroY = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
export const scipyExactX = [1.81, 0.82, 1.56, -0.48, 0.81, 1.28, -1.04, 0.23, -0.75, 0.14];
export const scipyExactY = [0.71, 0.65, -0.2, 0.85, -1.1, -0.45, -0.84, -0.24, -0.68, -0.76];

/** `set.seed(1); round(rnorm(50, 0.3), 6)` in R: 50 values, no ties, no zeros. */
export const n50 = [
  -0.326454, 0.483643, -0.535629, 1.895281, 0.629508, -0.520468, 0.787429, 1.038325, 0.875781, -0.005388, 1.811781, 0.689843, -0.321241, -1.9147, 1.424931,
  0.255066, 0.28381, 1.243836, 1.121221, 0.893901, 1.218977, 1.082136, 0.374565, -1.689352, 0.919826, 0.243871, 0.144204, -1.170752, -0.17815, 0.717942,
  1.65868, 0.197212, 0.687672, 0.246195, -1.07706, -0.114995, -0.09429, 0.240687, 1.400025, 1.063176, 0.135476, 0.046638, 0.996963, 0.856663, -0.388756,
  -0.407495, 0.664582, 1.068533, 0.187654, 1.181108,
];

/** Lakens (2013) movie ratings, from dgromer/apa tests. */
export const lakensMovie1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
export const lakensMovie2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];

/**
 * R `datasets::attitude` (30 × 7: rating, complaints, privileges, learning,
 * raises, critical, advance), transcribed from vincentarelbundock/Rdatasets
 * csv/datasets/attitude.csv.
 */
export const attitude: number[][] = [
  [43, 51, 30, 39, 61, 92, 45],
  [63, 64, 51, 54, 63, 73, 47],
  [71, 70, 68, 69, 76, 86, 48],
  [61, 63, 45, 47, 54, 84, 35],
  [81, 78, 56, 66, 71, 83, 47],
  [43, 55, 49, 44, 54, 49, 34],
  [58, 67, 42, 56, 66, 68, 35],
  [71, 75, 50, 55, 70, 66, 41],
  [72, 82, 72, 67, 71, 83, 31],
  [67, 61, 45, 47, 62, 80, 41],
  [64, 53, 53, 58, 58, 67, 34],
  [67, 60, 47, 39, 59, 74, 41],
  [69, 62, 57, 42, 55, 63, 25],
  [68, 83, 83, 45, 59, 77, 35],
  [77, 77, 54, 72, 79, 77, 46],
  [81, 90, 50, 72, 60, 54, 36],
  [74, 85, 64, 69, 79, 79, 63],
  [65, 60, 65, 75, 55, 80, 60],
  [65, 70, 46, 57, 75, 85, 46],
  [50, 58, 68, 54, 64, 78, 52],
  [50, 40, 33, 34, 43, 64, 33],
  [64, 61, 52, 62, 66, 80, 41],
  [53, 66, 52, 50, 63, 80, 37],
  [40, 37, 42, 58, 50, 57, 49],
  [63, 54, 42, 48, 66, 75, 33],
  [66, 77, 66, 63, 88, 76, 72],
  [78, 75, 58, 74, 80, 78, 49],
  [48, 57, 44, 45, 51, 83, 38],
  [85, 85, 71, 71, 77, 74, 55],
  [82, 82, 39, 59, 64, 78, 39],
];

/** Jacobson & Truax (1991) table 2 DAS data via AWKruijt/JT-RCI. */
export const dasPre = [
  90.5, 74, 97, 73.5, 61, 66.5, 68.5, 86.5, 88.5, 68.5, 98, 80.5, 89.5, 91.5, 83.5, 60.5, 83, 88, 98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93, 85, 64, 61, 80, 82.5,
];
export const dasPost = [
  97, 124, 97.5, 88, 96.5, 62.5, 112.5, 103.5, 90, 82.5, 105, 99.5, 112.5, 101, 99.5, 79.5, 88, 100.5, 119, 116, 116, 129, 113, 118, 92, 114, 68, 52, 60.5,
  104.5,
];

/** R `datasets::PlantGrowth` weight by group (Rdatasets csv/datasets/PlantGrowth.csv). */
export const plantGrowth = {
  ctrl: [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14],
  trt1: [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69],
  trt2: [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26],
};

/**
 * R `datasets::airquality` Ozone by Month (NaN = NA), transcribed from
 * Jangrae/csv airquality.csv (153 rows, 37 NA; mean of the 116 values is
 * 42.12931, as `mean(airquality$Ozone, na.rm = TRUE)`).
 */
const NA = NaN;
export const airqualityOzoneByMonth: number[][] = [
  // May
  [41, 36, 12, 18, NA, 28, 23, 19, 8, NA, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, NA, NA, NA, 23, 45, 115, 37],
  // June
  [NA, NA, NA, NA, NA, NA, 29, NA, 71, 39, NA, NA, 23, NA, NA, 21, 37, 20, 12, 13, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA],
  // July
  [135, 49, 32, NA, 64, 40, 77, 97, 97, 85, NA, 10, 27, NA, 7, 48, 35, 61, 79, 63, 16, NA, NA, 80, 108, 20, 52, 82, 50, 64, 59],
  // August
  [39, 9, 16, 78, 35, 66, 122, 89, 110, NA, NA, 44, 28, 65, NA, 22, 59, 23, 31, 44, 21, 9, NA, 45, 168, 73, NA, 76, 118, 84, 85],
  // September
  [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, NA, 14, 18, 20],
];

/** R `?kruskal.test` example (Hollander & Wolfe 1973, p. 116). */
export const hwKruskal = {
  normal: [2.9, 3.0, 2.5, 2.6, 3.2],
  obstructive: [3.8, 2.7, 4.0, 2.4],
  asbestosis: [2.8, 3.4, 3.7, 2.2, 2.0],
};

// The data sets in fixtures.ts, checked value by value against R's own copies
// (test/reference/r/fixtures.R prints them into fixtures.out).
import { checkReferenceFile } from './r-reference.ts';
import {
  airqualityOzoneByMonth, attitude, dasPost, dasPre, hwFirstVisit, hwKruskal, hwSecondVisit, lakensMovie1, lakensMovie2,
  likertPost, likertPre, n50, plantGrowth, scipy12x, scipy12y, scipyExactX, scipyExactY, scipyTiesZeroX, scipyTiesZeroY,
  sleepGroup1, sleepGroup2,
} from './fixtures.ts';

const same = (data: readonly number[]) => ({ actual: () => data, tol: 0 });
const attitudeColumn = (j: number) => same(attitude.map((row) => row[j] as number));

checkReferenceFile('fixtures.out', {
  'sleep.g1': same(sleepGroup1),
  'sleep.g2': same(sleepGroup2),
  'hw.x': same(hwFirstVisit),
  'hw.y': same(hwSecondVisit),
  'likert.pre': same(likertPre),
  'likert.post': same(likertPost),
  'scipy12.x': same(scipy12x),
  'scipy12.y': same(scipy12y),
  'scipy_ties_zero.x': same(scipyTiesZeroX),
  'scipy_ties_zero.y': same(scipyTiesZeroY),
  'scipy_exact.x': same(scipyExactX),
  'scipy_exact.y': same(scipyExactY),
  n50: same(n50),
  'lakens.m1': same(lakensMovie1),
  'lakens.m2': same(lakensMovie2),
  'attitude.rating': attitudeColumn(0),
  'attitude.complaints': attitudeColumn(1),
  'attitude.privileges': attitudeColumn(2),
  'attitude.learning': attitudeColumn(3),
  'attitude.raises': attitudeColumn(4),
  'attitude.critical': attitudeColumn(5),
  'attitude.advance': attitudeColumn(6),
  'das.pre': same(dasPre),
  'das.post': same(dasPost),
  'plant_growth.ctrl': same(plantGrowth.ctrl),
  'plant_growth.trt1': same(plantGrowth.trt1),
  'plant_growth.trt2': same(plantGrowth.trt2),
  'airquality_ozone.month5': same(airqualityOzoneByMonth[0]!),
  'airquality_ozone.month6': same(airqualityOzoneByMonth[1]!),
  'airquality_ozone.month7': same(airqualityOzoneByMonth[2]!),
  'airquality_ozone.month8': same(airqualityOzoneByMonth[3]!),
  'airquality_ozone.month9': same(airqualityOzoneByMonth[4]!),
  'hw_kruskal.normal': same(hwKruskal.normal),
  'hw_kruskal.obstructive': same(hwKruskal.obstructive),
  'hw_kruskal.asbestosis': same(hwKruskal.asbestosis),
});

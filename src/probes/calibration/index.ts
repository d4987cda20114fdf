import { createCalibrationProbe } from './create.js';

/** Calibration drift probe (docs/statistics.md#calibration). */
export const calibration = createCalibrationProbe();

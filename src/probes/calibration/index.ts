import { createCalibrationProbe } from './create.js';

/** S6 calibration drift probe. */
export const calibration = createCalibrationProbe();
